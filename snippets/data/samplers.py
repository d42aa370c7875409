"""采样器：产生下标的顺序；自定义 Sampler；WeightedRandomSampler 处理类别不平衡；
DataLoader 里哪些参数互斥。"""
# --8<-- [start:sequential_random]
import torch
from torch.utils.data import RandomSampler, SequentialSampler

# 采样器只看 len(data)，产生的是下标
data = list("abcde")
g = torch.Generator().manual_seed(0)

seq = list(SequentialSampler(data))
perm = list(RandomSampler(data, generator=g))
# 不放回，超出 len 时接着下一个排列
more = list(RandomSampler(data, num_samples=8, generator=g))
# 有放回
repl = list(RandomSampler(data, replacement=True, num_samples=8, generator=g))
print("SequentialSampler              :", seq)
print("RandomSampler                  :", perm)
print("RandomSampler num_samples=8    :", more)
print("RandomSampler replacement=True :", repl)
assert seq == [0, 1, 2, 3, 4]  # check
assert sorted(perm) == seq  # check
assert sorted(more[:5]) == seq and len(more) == 8  # check
assert len(repl) == 8 and len(set(repl)) < 8  # check
# --8<-- [end:sequential_random]

# --8<-- [start:subset_random]
import torch
from torch.utils.data import SubsetRandomSampler

val_idx = [7, 3, 9, 0]
s = SubsetRandomSampler(val_idx, generator=torch.Generator().manual_seed(0))
order = list(s)
print(order, "len:", len(s))
assert sorted(order) == sorted(val_idx)  # check
# --8<-- [end:subset_random]

# --8<-- [start:custom_sampler]
from torch.utils.data import DataLoader, Sampler


class ByLength(Sampler[int]):
    """按长度从短到长给出下标：同一批的样本长度相近。"""

    def __init__(self, lengths):
        self.lengths = lengths

    def __iter__(self):
        order = sorted(range(len(self.lengths)), key=self.lengths.__getitem__)
        return iter(order)

    def __len__(self):
        return len(self.lengths)


words = ["banana", "fig", "apple", "kiwi", "cherry", "date", "plum"]
sampler = ByLength([len(w) for w in words])
print("下标:", list(sampler))
loader = DataLoader(words, batch_size=3, sampler=sampler)
print("批次:", list(loader))
# len(loader) = ceil(len(sampler) / 3)
print("len(sampler):", len(sampler), " len(loader):", len(loader))
assert loader.sampler is sampler and len(loader) == 3  # check
assert [len(w) for b in loader for w in b] == sorted(map(len, words))  # check
# --8<-- [end:custom_sampler]

# --8<-- [start:weighted]
import torch
from torch.utils.data import RandomSampler, WeightedRandomSampler

# 7 : 2 : 1 的不平衡数据
labels = torch.tensor([0] * 700 + [1] * 200 + [2] * 100)
# tensor([700, 200, 100])
class_count = torch.bincount(labels)
class_weight = 1.0 / class_count.double()
# 每个样本一个权重，长度 = 数据集大小
sample_weight = class_weight[labels]
assert sample_weight.shape == labels.shape  # check

n = 20000
sampler = WeightedRandomSampler(sample_weight, num_samples=n, replacement=True,
                                generator=torch.Generator().manual_seed(0))
freq = torch.bincount(labels[list(sampler)], minlength=3) / n
plain = RandomSampler(labels, replacement=True, num_samples=n,
                      generator=torch.Generator().manual_seed(0))
uniform = torch.bincount(labels[list(plain)], minlength=3) / n
print("RandomSampler         :", [round(f, 3) for f in uniform.tolist()])
print("WeightedRandomSampler :", [round(f, 3) for f in freq.tolist()])
print("与 1/3 的最大偏离:", round((freq - 1 / 3).abs().max().item(), 4))
assert torch.allclose(freq, torch.full((3,), 1 / 3, dtype=freq.dtype), atol=0.02)  # check
# --8<-- [end:weighted]

# --8<-- [start:weighted_wrong]
import torch
from torch.utils.data import WeightedRandomSampler

labels = torch.tensor([0] * 700 + [1] * 200 + [2] * 100)
class_weight = 1.0 / torch.bincount(labels).double()
# 误把“每类权重”（3 个数）传进去
wrong = WeightedRandomSampler(class_weight, num_samples=10,
                              generator=torch.Generator().manual_seed(0))
picked = list(wrong)
# 只会抽到下标 0、1、2：把权重当成了 3 个样本的
print(picked)
assert max(picked) < 3  # check
# --8<-- [end:weighted_wrong]

# --8<-- [start:weighted_no_replacement]
import torch
from torch.utils.data import WeightedRandomSampler

# 只有 3 个权重，不放回却要抽 5 个
s = WeightedRandomSampler(torch.ones(3), num_samples=5, replacement=False)
print("构造时不检查  len:", len(s))
list(s)  # 迭代时才报错  # raises: RuntimeError: cannot sample n_sample > prob_dist.size(-1) samples without replacement
# --8<-- [end:weighted_no_replacement]

# --8<-- [start:batch_sampler]
from torch.utils.data import BatchSampler, SequentialSampler

keep = BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)
drop = BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)
print(list(keep), "len:", len(keep))
print(list(drop), "len:", len(drop))
assert list(keep)[-1] == [9] and len(keep) == 4  # check
assert len(drop) == 3  # check
# --8<-- [end:batch_sampler]

# --8<-- [start:shuffle_selects]
import torch
from torch.utils.data import (
    BatchSampler, DataLoader, RandomSampler, SequentialSampler, TensorDataset,
    WeightedRandomSampler,
)

ds = TensorDataset(torch.arange(10))
for shuffle in (False, True):
    loader = DataLoader(ds, batch_size=4, shuffle=shuffle)
    print(f"shuffle={shuffle!s:5}  sampler: {type(loader.sampler).__name__:17}"
          f"  batch_sampler: {type(loader.batch_sampler).__name__}")
assert isinstance(DataLoader(ds).sampler, SequentialSampler)  # check
assert isinstance(DataLoader(ds, shuffle=True).sampler, RandomSampler)  # check
assert not DataLoader(ds, shuffle=True).sampler.replacement  # check
# batch_size 默认为 1：也包一层 BatchSampler
assert isinstance(DataLoader(ds).batch_sampler, BatchSampler)  # check
# batch_size=None 关闭自动分批：没有 BatchSampler
unbatched = DataLoader(ds, batch_size=None)
print("batch_size=None  batch_sampler:", unbatched.batch_sampler)

# 自己的采样器：通过 sampler= 传入
mine = WeightedRandomSampler(torch.ones(len(ds)), num_samples=20,
                             generator=torch.Generator().manual_seed(0))
custom = DataLoader(ds, batch_size=4, sampler=mine)
# 20 个下标，每批 4 个
print("sampler=mine  len(loader):", len(custom))
assert custom.sampler is mine and len(custom) == 5 == len(list(custom))  # check
# --8<-- [end:shuffle_selects]

# --8<-- [start:empty_dataset]
import glob

import torch
from torch.utils.data import DataLoader, Dataset


class Images(Dataset):
    def __init__(self, pattern):
        self.files = sorted(glob.glob(pattern))   # 路径写错时是空列表

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        return torch.load(self.files[i])


ds = Images("data/train/*.pt")                    # 当前目录下没有 data/
print("len(ds):", len(ds))
print("shuffle=False 的批数:", len(DataLoader(ds, batch_size=4)))
DataLoader(ds, batch_size=4, shuffle=True)  # raises: ValueError: num_samples should be a positive integer value, but got num_samples=0
# --8<-- [end:empty_dataset]

# --8<-- [start:sampler_shuffle]
import torch
from torch.utils.data import DataLoader, SequentialSampler, TensorDataset

ds = TensorDataset(torch.arange(10))
DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True)  # raises: ValueError: sampler option is mutually exclusive with shuffle
# --8<-- [end:sampler_shuffle]

# --8<-- [start:batch_sampler_conflict]
import torch
from torch.utils.data import (
    BatchSampler, DataLoader, SequentialSampler, TensorDataset,
)

ds = TensorDataset(torch.arange(10))
bs = BatchSampler(SequentialSampler(ds), batch_size=3, drop_last=False)
errors = []  # check
for bad in (dict(shuffle=True), dict(sampler=bs.sampler), dict(drop_last=True)):  # check
    try:
        DataLoader(ds, batch_sampler=bs, **bad)
    except ValueError as e:
        errors.append(str(e))
assert errors == ["batch_sampler option is mutually exclusive with "  # check
                  "batch_size, shuffle, sampler, and drop_last"] * 3
# 批大小已经在 BatchSampler 里定了
DataLoader(ds, batch_sampler=bs, batch_size=4)  # raises: ValueError: batch_sampler option is mutually exclusive
# --8<-- [end:batch_sampler_conflict]

# --8<-- [start:batch_sampler_defaults]
import torch
from torch.utils.data import (
    BatchSampler, DataLoader, SequentialSampler, TensorDataset,
)

ds = TensorDataset(torch.arange(10))
bs = BatchSampler(SequentialSampler(ds), batch_size=3, drop_last=False)
# 显式写出默认值不算冲突：batch_size=1、shuffle=False、drop_last=False
DataLoader(ds, batch_sampler=bs, batch_size=1, shuffle=False, drop_last=False)
print("batch_size=1, shuffle=False, drop_last=False: OK")

# 单独使用 batch_sampler：整批下标由它给出
ok = DataLoader(ds, batch_sampler=bs)
print([b[0].tolist() for b in ok])
# --8<-- [end:batch_sampler_defaults]
