"""组合数据集：ConcatDataset、ChainDataset、StackDataset、Subset、random_split。"""
# --8<-- [start:concat]
import torch
from torch.utils.data import ConcatDataset, TensorDataset

a = TensorDataset(torch.tensor([10, 11, 12]))        # 3 个样本
b = TensorDataset(torch.tensor([20, 21, 22, 23]))    # 4 个样本
c = ConcatDataset([a, b])
print("len:", len(c), " cumulative_sizes:", c.cumulative_sizes)
print([c[i][0].item() for i in range(len(c))])
assert len(c) == 7 and c.cumulative_sizes == [3, 7]  # check
print("c[3]:", c[3][0].item())                      # 下标 3 落在 b 里：b[3 - 3]
print("c[-1]:", c[-1][0].item())                    # 负下标也可以
print("a + b:", type(a + b).__name__)               # Dataset.__add__
# --8<-- [end:concat]

# --8<-- [start:concat_iterable]
import torch
from torch.utils.data import ConcatDataset, IterableDataset, TensorDataset


class Count(IterableDataset):
    def __init__(self, start, stop):
        self.start, self.stop = start, stop

    def __iter__(self):
        return iter(range(self.start, self.stop))


a = TensorDataset(torch.tensor([10, 11, 12]))
ConcatDataset([a, Count(0, 3)])  # raises: AssertionError: ConcatDataset does not support IterableDataset
# --8<-- [end:concat_iterable]

# --8<-- [start:chain]
from torch.utils.data import IterableDataset


class Count(IterableDataset):
    def __init__(self, start, stop):
        self.start, self.stop = start, stop

    def __iter__(self):
        return iter(range(self.start, self.stop))


chained = Count(0, 3) + Count(100, 102)              # IterableDataset.__add__
# 先读完第一个流，再读第二个
print(type(chained).__name__, list(chained))
assert list(chained) == [0, 1, 2, 100, 101]  # check

# 再加一个：外面套一层 ChainDataset
three = chained + Count(7, 8)
print([type(d).__name__ for d in three.datasets], list(three))
assert type(three) is type(chained) and three.datasets[0] is chained  # check
assert list(three) == [0, 1, 2, 100, 101, 7]  # check
# --8<-- [end:chain]

# --8<-- [start:chain_map_dataset]
import torch
from torch.utils.data import ChainDataset, TensorDataset

a = TensorDataset(torch.tensor([10, 11, 12]))        # map 式数据集
bad = ChainDataset([a])                              # 构造时不检查……
list(bad)  # ……迭代时才报错  # raises: AssertionError: ChainDataset only supports IterableDataset
# --8<-- [end:chain_map_dataset]

# --8<-- [start:stack]
import torch
from torch.utils.data import DataLoader, StackDataset

images = torch.arange(6).view(3, 2)                 # 3 个样本
labels = torch.tensor([0, 1, 0])
pairs = StackDataset(images, labels)                # 位置参数：样本是元组
print("pairs[1]:", pairs[1], " len:", len(pairs))
named = StackDataset(image=images, label=labels)    # 关键字参数：样本是字典
print("named[1]:", named[1])
batch = next(iter(DataLoader(named, batch_size=2)))
print("batch:", {k: v.tolist() for k, v in batch.items()})
assert named.datasets["image"] is images  # check
# --8<-- [end:stack]

# --8<-- [start:stack_size_mismatch]
import torch
from torch.utils.data import StackDataset

# 3 个样本与 4 个标签
StackDataset(torch.zeros(3, 2), torch.zeros(4))  # raises: ValueError: Size mismatch between datasets
# --8<-- [end:stack_size_mismatch]

# --8<-- [start:subset]
import torch
from torch.utils.data import Subset, TensorDataset

parent = TensorDataset(torch.arange(100, 106))
sub = Subset(parent, [4, 0, 2])
# 只存父数据集和下标
print("sub.dataset is parent:", sub.dataset is parent, " indices:", sub.indices)
print([sub[i][0].item() for i in range(len(sub))])

parent.tensors[0][4] = -1                            # 改父数据集……
# ……子集看到的也变了：不是副本
print("after change:", [sub[i][0].item() for i in range(len(sub))])
assert sub[0][0].item() == -1  # check
# --8<-- [end:subset]

# --8<-- [start:random_split]
import torch
from torch.utils.data import random_split

data = list(range(10))
g = torch.Generator().manual_seed(42)
train, val = random_split(data, [0.7, 0.3], generator=g)
print(type(train).__name__, "train:", list(train), " val:", list(val))
assert len(train) == 7 and len(val) == 3  # check
assert sorted(list(train) + list(val)) == data  # check
# 两个 Subset 共享同一个父数据集
print("共享父数据集:", train.dataset is val.dataset is data)

# 同一个种子：同一个划分（比例和整数长度等价）
g = torch.Generator().manual_seed(42)
again, _ = random_split(data, [7, 3], generator=g)
print("划分相同:", list(again) == list(train))

g = torch.Generator().manual_seed(0)
parts = random_split(data, [0.33, 0.33, 0.34], generator=g)
# 向下取整后余下的 1 个分给第一份
print("0.33/0.33/0.34 of 10 ->", [len(p) for p in parts])
assert [len(p) for p in parts] == [4, 3, 3]  # check
# --8<-- [end:random_split]

# --8<-- [start:random_split_global_rng]
import torch
from torch.utils.data import random_split

data = list(range(10))
torch.manual_seed(0)
first = list(random_split(data, [7, 3])[0])          # 不传 generator
torch.manual_seed(0)
same = list(random_split(data, [7, 3])[0])
torch.manual_seed(0)
torch.rand(1)                                        # 中间多了一次随机操作
shifted = list(random_split(data, [7, 3])[0])
print("同一个种子:      ", first, same)
print("多一次 torch.rand:", shifted)
assert first == same and shifted != first  # check
# --8<-- [end:random_split_global_rng]

# --8<-- [start:random_split_bad_lengths]
from torch.utils.data import random_split

data = list(range(10))
random_split(data, [0.5, 0.4])  # 比例之和不是 1  # raises: ValueError: Sum of input lengths does not equal
# --8<-- [end:random_split_bad_lengths]
