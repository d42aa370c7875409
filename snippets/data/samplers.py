"""采样器：产生下标的顺序；WeightedRandomSampler 处理类别不平衡；DataLoader 里哪些参数互斥。"""
# --8<-- [start:imports]
import torch
from torch.utils.data import (
    BatchSampler, DataLoader, RandomSampler, SequentialSampler, SubsetRandomSampler,
    TensorDataset, WeightedRandomSampler,
)
# --8<-- [end:imports]

# --8<-- [start:sequential_random]
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
assert seq == [0, 1, 2, 3, 4]
assert sorted(perm) == seq                            # 一个排列：每个下标恰好一次
assert sorted(more[:5]) == seq and len(more) == 8
assert len(repl) == 8 and len(set(repl)) < 8         # 有放回：会重复
# --8<-- [end:sequential_random]

# --8<-- [start:subset_random]
val_idx = [7, 3, 9, 0]
s = SubsetRandomSampler(val_idx, generator=torch.Generator().manual_seed(0))
order = list(s)
print(order, "len:", len(s))
assert sorted(order) == sorted(val_idx)              # 只从给定下标里取，不放回
# --8<-- [end:subset_random]

# --8<-- [start:weighted]
# 7 : 2 : 1 的不平衡数据
labels = torch.tensor([0] * 700 + [1] * 200 + [2] * 100)
# tensor([700, 200, 100])
class_count = torch.bincount(labels)
class_weight = 1.0 / class_count.double()
# 每个样本一个权重，长度 = 数据集大小
sample_weight = class_weight[labels]
assert sample_weight.shape == labels.shape

n = 20000
sampler = WeightedRandomSampler(sample_weight, num_samples=n, replacement=True,
                                generator=torch.Generator().manual_seed(0))
freq = torch.bincount(labels[list(sampler)], minlength=3) / n
plain = RandomSampler(labels, replacement=True, num_samples=n,
                      generator=torch.Generator().manual_seed(0))
uniform = torch.bincount(labels[list(plain)], minlength=3) / n
print("RandomSampler         :", [round(f, 3) for f in uniform.tolist()])
print("WeightedRandomSampler :", [round(f, 3) for f in freq.tolist()])
# 每类的期望频率是 1/3；20000 次抽样的标准差 sqrt(p(1-p)/n) ≈ 0.0033，容差 0.02 约为 6
# 个标准差
assert torch.allclose(freq, torch.full((3,), 1 / 3, dtype=freq.dtype), atol=0.02)
# --8<-- [end:weighted]

# --8<-- [start:weighted_wrong]
# 误把“每类权重”传进去
wrong = WeightedRandomSampler(class_weight, num_samples=10,
                              generator=torch.Generator().manual_seed(0))
picked = list(wrong)
print(picked)
# 只会抽到下标 0、1、2：把权重当成了 3 个样本的
assert max(picked) < 3
# --8<-- [end:weighted_wrong]

# --8<-- [start:batch_sampler]
keep = BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)
drop = BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)
print(list(keep), "len:", len(keep))
print(list(drop), "len:", len(drop))
assert list(keep)[-1] == [9] and len(keep) == 4
assert len(drop) == 3
# --8<-- [end:batch_sampler]

# --8<-- [start:shuffle_selects]
ds = TensorDataset(torch.arange(10))
for shuffle in (False, True):
    loader = DataLoader(ds, batch_size=4, shuffle=shuffle)
    print(f"shuffle={shuffle!s:5}  sampler: {type(loader.sampler).__name__:17}"
          f"  batch_sampler: {type(loader.batch_sampler).__name__}")
assert isinstance(DataLoader(ds).sampler, SequentialSampler)
assert isinstance(DataLoader(ds, shuffle=True).sampler, RandomSampler)
assert not DataLoader(ds, shuffle=True).sampler.replacement   # 不放回
# batch_size 默认为 1：也包一层 BatchSampler
assert isinstance(DataLoader(ds).batch_sampler, BatchSampler)
assert DataLoader(ds, batch_size=None).batch_sampler is None   # 关闭自动分批

# 自己的采样器：通过 sampler= 传入
mine = WeightedRandomSampler(torch.ones(len(ds)), num_samples=20,
                             generator=torch.Generator().manual_seed(0))
custom = DataLoader(ds, batch_size=4, sampler=mine)
# 20 个下标，每批 4 个
assert custom.sampler is mine and len(custom) == 5 == len(list(custom))
# --8<-- [end:shuffle_selects]

# --8<-- [start:exclusive]
def show(call):
    try:
        call()
    except ValueError as e:
        print(f"{type(e).__name__}: {e}")
        return str(e)
    else:
        raise AssertionError("应当报错，却没有报错")


msg = show(lambda: DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True))
assert msg == "sampler option is mutually exclusive with shuffle"

bs = BatchSampler(SequentialSampler(ds), batch_size=3, drop_last=False)
bad_options = {"batch_size=4": dict(batch_size=4), "shuffle=True": dict(shuffle=True),
               "sampler=...": dict(sampler=SequentialSampler(ds)),
               "drop_last=True": dict(drop_last=True)}
expected = ("batch_sampler option is mutually exclusive with "
            "batch_size, shuffle, sampler, and drop_last")
for name, bad in bad_options.items():
    try:
        DataLoader(ds, batch_sampler=bs, **bad)
    except ValueError as e:
        assert str(e) == expected, name             # 四种冲突都报同一个错
    else:
        raise AssertionError(f"batch_sampler 与 {name} 应当报错，却没有报错")
print("batch_sampler +", ", ".join(bad_options), "->")
print(f"  ValueError: {expected}")

# 显式写出默认值不算冲突：batch_size=1、shuffle=False、drop_last=False
DataLoader(ds, batch_sampler=bs, batch_size=1, shuffle=False, drop_last=False)
print("batch_sampler + batch_size=1, shuffle=False, drop_last=False -> OK")

# 单独使用 batch_sampler 没问题
ok = DataLoader(ds, batch_sampler=bs)
assert [b[0].tolist() for b in ok][-1] == [9]
# --8<-- [end:exclusive]
