"""可迭代数据集：流式读取；多工作进程时每个进程都读一遍，除非按 get_worker_info() 分片。"""
# --8<-- [start:stream]
import json
import os
import tempfile

from torch.utils.data import DataLoader, IterableDataset, get_worker_info


class JsonLines(IterableDataset):
    """逐行读文件：不需要知道总长度，也不需要随机访问。"""

    def __init__(self, path):
        self.path = path

    def __iter__(self):
        with open(self.path, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)["id"]


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "stream.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for i in range(12):
            f.write(json.dumps({"id": i, "text": f"line {i}"}) + "\n")
    stream = JsonLines(path)
    print([b.tolist() for b in DataLoader(stream, batch_size=5)])
print("主进程里 get_worker_info():", get_worker_info())
# --8<-- [end:stream]

# --8<-- [start:duplicated]
from collections import Counter

from torch.utils.data import DataLoader, IterableDataset


class Stream(IterableDataset):
    def __iter__(self):
        return iter(range(12))                       # 代替逐行读 12 行的文件


loader = DataLoader(Stream(), batch_size=4, num_workers=2,
                    multiprocessing_context="fork")
got = [x for b in loader for x in b.tolist()]
counts = Counter(got)
# 12 个样本读了两遍，每个都出现 2 次
print("items:", len(got), " counts:", sorted(set(counts.values())))
assert len(got) == 24  # check
assert all(c == 2 for c in counts.values())  # check
# --8<-- [end:duplicated]

# --8<-- [start:sharded]
import itertools

from torch.utils.data import DataLoader, IterableDataset, get_worker_info


class ShardedStream(IterableDataset):
    def __iter__(self):
        lines = iter(range(12))                      # 代替逐行读 12 行的文件
        info = get_worker_info()
        if info is None:                             # 单进程：读全部
            return lines
        # 第 k 个工作进程只取第 k, k + n, k + 2n, ... 行
        return itertools.islice(lines, info.id, None, info.num_workers)


loader = DataLoader(ShardedStream(), batch_size=3, num_workers=2,
                    multiprocessing_context="fork")
batches = [b.tolist() for b in loader]
print(batches)
got = [x for b in batches for x in b]
print("每个样本恰好一次:", sorted(got) == list(range(12)))
# 批次轮流来自工作进程 0、1
assert batches[0] == [0, 2, 4] and batches[1] == [1, 3, 5]  # check
# --8<-- [end:sharded]

# --8<-- [start:drop_last]
import itertools

from torch.utils.data import DataLoader, IterableDataset, get_worker_info


class ShardedStream(IterableDataset):
    def __iter__(self):
        lines, info = iter(range(12)), get_worker_info()
        if info is None:
            return lines
        return itertools.islice(lines, info.id, None, info.num_workers)


single = DataLoader(ShardedStream(), batch_size=4, drop_last=True)
multi = DataLoader(ShardedStream(), batch_size=4, drop_last=True,
                   num_workers=2, multiprocessing_context="fork")
one = [b.tolist() for b in single]
two = [b.tolist() for b in multi]
print("num_workers=0:", one)
print("num_workers=2:", two)
# 12 = 3 × 4，不丢
assert sum(map(len, one)) == 12  # check
# 每个进程 6 个：各凑一批 4 个，各丢 2 个
assert sum(map(len, two)) == 8  # check
# --8<-- [end:drop_last]

# --8<-- [start:rejected_shuffle]
from torch.utils.data import DataLoader, IterableDataset


class Stream(IterableDataset):
    def __iter__(self):
        return iter(range(12))


ok = DataLoader(Stream(), shuffle=False)             # 显式写 False 可以
print("shuffle=False:", len(list(ok)), "个批次")
DataLoader(Stream(), shuffle=True)  # raises: ValueError: expected unspecified shuffle option
# --8<-- [end:rejected_shuffle]

# --8<-- [start:rejected_sampler]
from torch.utils.data import DataLoader, IterableDataset


class Stream(IterableDataset):
    def __iter__(self):
        return iter(range(12))


DataLoader(Stream(), sampler=range(12))  # raises: ValueError: expected unspecified sampler option
# --8<-- [end:rejected_sampler]

# --8<-- [start:rejected_batch_sampler]
from torch.utils.data import DataLoader, IterableDataset


class Stream(IterableDataset):
    def __iter__(self):
        return iter(range(12))


DataLoader(Stream(), batch_sampler=[[0, 1]])  # raises: ValueError: expected unspecified batch_sampler
# --8<-- [end:rejected_batch_sampler]
