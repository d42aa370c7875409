"""组合数据集：ConcatDataset、ChainDataset、Subset、random_split。"""
# --8<-- [start:imports]
import torch
from torch.utils.data import (
    ChainDataset, ConcatDataset, IterableDataset, Subset, TensorDataset, random_split,
)
# --8<-- [end:imports]

# --8<-- [start:concat]
a = TensorDataset(torch.tensor([10, 11, 12]))        # 3 个样本
b = TensorDataset(torch.tensor([20, 21, 22, 23]))    # 4 个样本
c = ConcatDataset([a, b])
print("len:", len(c), " cumulative_sizes:", c.cumulative_sizes)
print([c[i][0].item() for i in range(len(c))])
assert len(c) == 7 and c.cumulative_sizes == [3, 7]
assert c[3][0].item() == 20                         # 下标 3 落在 b 里：b[3 - 3]
assert c[-1][0].item() == 23                        # 负下标也可以
# Dataset.__add__ 就是 ConcatDataset
assert isinstance(a + b, ConcatDataset)
# --8<-- [end:concat]

# --8<-- [start:concat_iterable]
class Count(IterableDataset):
    def __init__(self, start, stop):
        self.start, self.stop = start, stop

    def __iter__(self):
        return iter(range(self.start, self.stop))


try:
    ConcatDataset([a, Count(0, 3)])
except AssertionError as e:
    assert str(e) == "ConcatDataset does not support IterableDataset"
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:concat_iterable]

# --8<-- [start:chain]
chained = Count(0, 3) + Count(100, 102)              # IterableDataset.__add__
assert isinstance(chained, ChainDataset)
print(type(chained).__name__, list(chained))
assert list(chained) == [0, 1, 2, 100, 101]         # 先读完第一个流，再读第二个

# 再加一个：外面套一层 ChainDataset
three = chained + Count(7, 8)
print([type(d).__name__ for d in three.datasets], list(three))
assert isinstance(three, ChainDataset) and three.datasets[0] is chained
assert list(three) == [0, 1, 2, 100, 101, 7]

bad = ChainDataset([a])                              # 构造时不检查……
try:
    list(bad)                                        # ……迭代时才报错
except AssertionError as e:
    assert str(e) == "ChainDataset only supports IterableDataset"
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:chain]

# --8<-- [start:subset]
parent = TensorDataset(torch.arange(100, 106))
sub = Subset(parent, [4, 0, 2])
assert sub.dataset is parent and sub.indices == [4, 0, 2]   # 只存父数据集和下标
print([sub[i][0].item() for i in range(len(sub))])

parent.tensors[0][4] = -1                            # 改父数据集……
assert sub[0][0].item() == -1                        # ……子集看到的也变了：不是副本
print("after change:", [sub[i][0].item() for i in range(len(sub))])
# --8<-- [end:subset]

# --8<-- [start:random_split]
data = list(range(10))
train, val = random_split(data, [0.7, 0.3], generator=torch.Generator().manual_seed(42))
print(type(train).__name__, "train:", list(train), " val:", list(val))
assert len(train) == 7 and len(val) == 3
assert sorted(list(train) + list(val)) == data      # 不重不漏
# 两个 Subset 共享同一个父数据集
assert train.dataset is val.dataset is data

again, _ = random_split(data, [7, 3], generator=torch.Generator().manual_seed(42))
# 同一个种子：同一个划分（比例和整数长度等价）
assert list(again) == list(train)

parts = random_split(data, [0.33, 0.33, 0.34], generator=torch.Generator().manual_seed(0))
print("0.33/0.33/0.34 of 10 ->", [len(p) for p in parts])
# 向下取整后余下的 1 个分给第一份
assert [len(p) for p in parts] == [4, 3, 3]


def split_with_global_rng(extra_draw):
    torch.manual_seed(0)
    if extra_draw:
        torch.rand(1)                                # 中间多了一次随机操作
    return list(random_split(data, [7, 3])[0])      # 不传 generator


same = split_with_global_rng(False) == split_with_global_rng(False)
changed = split_with_global_rng(False) != split_with_global_rng(True)
print("no generator: same seed -> same split:", same,
      " extra torch.rand(1) -> different split:", changed)
assert same and changed

try:
    random_split(data, [0.5, 0.4])
except ValueError as e:
    assert "Sum of input lengths does not equal" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:random_split]
