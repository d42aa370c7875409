"""可迭代数据集：流式读取；多工作进程时每个进程都读一遍，除非按 get_worker_info() 分片。"""
# --8<-- [start:imports]
import itertools
import json
import os
import tempfile
from collections import Counter

import torch
from torch.utils.data import DataLoader, IterableDataset, get_worker_info
# --8<-- [end:imports]

# --8<-- [start:stream]
tmp = tempfile.TemporaryDirectory()                  # 本页结束时删除
path = os.path.join(tmp.name, "stream.jsonl")
with open(path, "w", encoding="utf-8") as f:
    for i in range(12):
        f.write(json.dumps({"id": i, "text": f"line {i}"}) + "\n")


class JsonLines(IterableDataset):
    """逐行读文件：不需要知道总长度，也不需要随机访问。"""

    def __init__(self, path):
        self.path = path

    def __iter__(self):
        with open(self.path, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)["id"]


stream = JsonLines(path)
print([b.tolist() for b in DataLoader(stream, batch_size=5)])
assert get_worker_info() is None                     # 主进程里没有工作进程信息
# --8<-- [end:stream]

# --8<-- [start:duplicated]
loader = DataLoader(stream, batch_size=4, num_workers=2, multiprocessing_context="fork")
got = [x for b in loader for x in b.tolist()]
counts = Counter(got)
print("items:", len(got), " counts:", sorted(set(counts.values())))
assert len(got) == 24                                # 12 行读了两遍
assert all(c == 2 for c in counts.values())          # 每个样本都出现 2 次
# --8<-- [end:duplicated]

# --8<-- [start:sharded]
class ShardedJsonLines(JsonLines):
    def __iter__(self):
        info = get_worker_info()
        lines = super().__iter__()
        if info is None:                             # 单进程：读全部
            return lines
        # 第 k 个工作进程只取第 k, k + n, k + 2n, ... 行
        return itertools.islice(lines, info.id, None, info.num_workers)


loader = DataLoader(ShardedJsonLines(path), batch_size=3, num_workers=2,
                    multiprocessing_context="fork")
batches = [b.tolist() for b in loader]
print(batches)
got = [x for b in batches for x in b]
assert sorted(got) == list(range(12))                # 每个样本恰好一次
# 批次轮流来自工作进程 0、1
assert batches[0] == [0, 2, 4] and batches[1] == [1, 3, 5]
# --8<-- [end:sharded]

# --8<-- [start:drop_last]
single = DataLoader(ShardedJsonLines(path), batch_size=4, drop_last=True)
multi = DataLoader(ShardedJsonLines(path), batch_size=4, drop_last=True, num_workers=2,
                   multiprocessing_context="fork")
one = [b.tolist() for b in single]
two = [b.tolist() for b in multi]
print("num_workers=0:", one)
print("num_workers=2:", two)
assert sum(map(len, one)) == 12                      # 12 = 3 × 4，不丢
# 每个进程 6 个：各凑一批 4 个，各丢 2 个
assert sum(map(len, two)) == 8
# --8<-- [end:drop_last]

# --8<-- [start:rejected]
for kwargs in (dict(shuffle=True), dict(sampler=range(12)), dict(batch_sampler=[[0, 1]])):
    try:
        DataLoader(stream, **kwargs)
    except ValueError as e:
        assert "DataLoader with IterableDataset: expected unspecified" in str(e)
        print(f"{type(e).__name__}: {e}")
    else:
        raise AssertionError("应当报错，却没有报错")

ok = DataLoader(stream, shuffle=False)               # 显式写 False 可以
assert len(list(ok)) == 12
tmp.cleanup()
# --8<-- [end:rejected]
