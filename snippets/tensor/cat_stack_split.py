"""cat、stack、hstack/vstack 与 split、chunk、unbind：形状怎么变，尺寸不符时的真实报错。"""
# --8<-- [start:cat_vs_stack]
import torch

ts = [torch.zeros(2, 3) for _ in range(4)]   # 4 个形状 (2, 3) 的张量
print("cat   dim=0:", torch.cat(ts, dim=0).shape)     # 沿已有的维拼接
print("cat   dim=1:", torch.cat(ts, dim=1).shape)
print("stack dim=0:", torch.stack(ts, dim=0).shape)   # 新增一维
print("stack dim=1:", torch.stack(ts, dim=1).shape)
print("stack dim=2:", torch.stack(ts, dim=2).shape)
for d in range(3):  # check
    ref = torch.cat([t.unsqueeze(d) for t in ts], dim=d)
    assert torch.equal(torch.stack(ts, dim=d), ref)
# --8<-- [end:cat_vs_stack]

# --8<-- [start:cat]
import torch

a = torch.tensor([[1, 2, 3],
                  [4, 5, 6]])             # (2, 3)
b = torch.tensor([[7, 8, 9]])             # (1, 3)：只有拼接的那一维不同
c = torch.cat([a, b], dim=0)
print(c)
print("形状:", tuple(c.shape), "  2 + 1 = 3 行")
a[0, 0] = 100                             # cat 复制了数据
print("改 a 后 c[0, 0]:", c[0, 0].item())
ts = [torch.zeros(2, 3), torch.zeros(2, 5), torch.zeros(2, 1)]  # check
assert torch.cat(ts, dim=1).shape[1] == sum(t.shape[1] for t in ts)  # check
# --8<-- [end:cat]

# --8<-- [start:stack]
import torch

x = torch.tensor([1, 2, 3])
y = torch.tensor([4, 5, 6])
s0 = torch.stack([x, y])                  # dim=0：x、y 各占一行
s1 = torch.stack([x, y], dim=1)           # dim=1：x、y 各占一列
print(s0)
print(s1)
print("stack(dim=1) 等于 stack(dim=0) 的转置:", torch.equal(s1, s0.t()))
assert torch.equal(s1, s0.t())  # check
sx = x.untyped_storage().data_ptr()  # check
assert s0.untyped_storage().data_ptr() != sx  # check
x[0] = 100  # check
assert s0[0, 0] == 1 and s1[0, 0] == 1  # check
# --8<-- [end:stack]

# --8<-- [start:cat_dtype]
import torch

f = torch.zeros(2)                        # float32
i = torch.tensor([1, 2])                  # int64
print("cat:  ", torch.cat([f, i]), torch.cat([f, i]).dtype)
print("stack:", torch.stack([f, i]).dtype)
print("promote_types:", torch.promote_types(f.dtype, i.dtype))
h = torch.zeros(2, dtype=torch.float16)  # check
assert torch.cat([h, f]).dtype == torch.float32  # check
assert torch.cat([i, i.int()]).dtype == torch.int64  # check
# --8<-- [end:cat_dtype]

# --8<-- [start:hstack_vstack]
import torch

x = torch.tensor([1, 2, 3])
y = torch.tensor([4, 5, 6])
print("hstack 一维:", torch.hstack([x, y]))   # 一维：沿第 0 维，同 cat
print("vstack 一维:")
print(torch.vstack([x, y]))               # 一维先变成 (1, 3)，再沿第 0 维拼
a = torch.zeros(2, 3)
b = torch.ones(2, 1)
print("hstack 二维:", torch.hstack([a, b]).shape)   # 二维：沿第 1 维
print("vstack 二维:", torch.vstack([a, a]).shape)   # 二维：沿第 0 维
assert torch.equal(torch.hstack([x, y]), torch.cat([x, y]))  # check
assert torch.equal(torch.vstack([x, y]), torch.stack([x, y]))  # check
assert torch.equal(torch.hstack([a, b]), torch.cat([a, b], dim=1))  # check
assert torch.equal(torch.vstack([a, a]), torch.cat([a, a]))  # check
# --8<-- [end:hstack_vstack]

# --8<-- [start:collect_batches]
import torch

torch.manual_seed(0)
preds, losses = [], []
for step in range(3):                     # 最后一批只有 2 个样本
    n = 4 if step < 2 else 2
    out = torch.randn(n, 5)
    preds.append(out.argmax(dim=1))       # 每批 (n,)
    losses.append(out.pow(2).mean())      # 每批一个 0 维张量
all_preds = torch.cat(preds)              # 各批长度不同：用 cat
all_losses = torch.stack(losses)          # 0 维张量：用 stack
print("预测:", all_preds.shape, " 损失:", all_losses.shape)
assert all_preds.shape == (10,) and all_losses.shape == (3,)  # check
# --8<-- [end:collect_batches]

# --8<-- [start:split]
import torch

x = torch.arange(10)
print("split(3):")
print(x.split(3))                         # 每份 3 个，最后一份 1 个
print("split([2, 3, 5]):")
print(x.split([2, 3, 5]))                 # 各份的长度
parts = x.split(3)
parts[0][0] = 100                         # 每份都是视图
print("改第一份后 x[0]:", x[0].item())
print("cat 拼回去等于 x:", torch.equal(torch.cat(parts), x))
sp = x.untyped_storage().data_ptr()  # check
assert all(p.untyped_storage().data_ptr() == sp for p in parts)  # check
import math  # check
for n in range(1, 30):  # check
    for k in range(1, 12):
        sizes = [len(p) for p in torch.arange(n).split(k)]
        assert len(sizes) == math.ceil(n / k)
        assert sizes[:-1] == [k] * (len(sizes) - 1)
        assert sizes[-1] == n - k * (len(sizes) - 1)
# --8<-- [end:split]

# --8<-- [start:chunk]
import math
import torch

x = torch.arange(6)
print("chunk(4):", x.chunk(4))            # 要 4 份，只得到 3 份
print("tensor_split(4):", torch.tensor_split(x, 4))   # 正好 4 份
for n in range(1, 30):  # check
    for k in range(1, 12):
        s = math.ceil(n / k)
        assert len(torch.arange(n).chunk(k)) == math.ceil(n / s)
        sizes = [len(p) for p in torch.tensor_split(torch.arange(n), k)]
        assert sizes == [n // k + (i < n % k) for i in range(k)]
# --8<-- [end:chunk]

# --8<-- [start:unbind]
import torch

m = torch.tensor([[1, 2, 3],
                  [4, 5, 6]])
rows = m.unbind(0)                        # 去掉第 0 维：2 个 (3,)
cols = m.unbind(1)                        # 去掉第 1 维：3 个 (2,)
print("按行:", rows)
print("按列:", cols)
print("stack 还原:", torch.equal(torch.stack(cols, dim=1), m))
print("split 的每份保留这一维:", m.split(1, dim=1)[0].shape)
assert all(torch.equal(c, m[:, j]) for j, c in enumerate(cols))  # check
sp = m.untyped_storage().data_ptr()  # check
assert all(c.untyped_storage().data_ptr() == sp for c in cols)  # check
assert all(torch.equal(r, u) for r, u in zip(m, rows))  # check
assert not cols[0].is_contiguous()  # check
# --8<-- [end:unbind]

# --8<-- [start:cat_size_mismatch]
import torch

a = torch.zeros(2, 3)
b = torch.zeros(2, 4)                     # 第 1 维不同
torch.cat([a, b], dim=0)  # raises: RuntimeError: Sizes of tensors must match except in dimension 0
# --8<-- [end:cat_size_mismatch]

# --8<-- [start:cat_feature_maps]
import torch
import torch.nn as nn

x = torch.randn(1, 8, 25, 25)            # 边长是奇数
up = nn.Upsample(scale_factor=2)(nn.MaxPool2d(2)(x))  # 25 -> 12 -> 24
print("x:", tuple(x.shape), "up:", tuple(up.shape))
assert torch.cat([x, nn.functional.interpolate(up, size=x.shape[-2:])], dim=1).shape == (1, 16, 25, 25)  # check
assert nn.Upsample(scale_factor=2)(nn.MaxPool2d(2)(x[..., :24, :24])).shape == (1, 8, 24, 24)  # check
torch.cat([x, up], dim=1)  # raises: RuntimeError: Sizes of tensors must match except in dimension 1
# --8<-- [end:cat_feature_maps]

# --8<-- [start:cat_ndim_mismatch]
import torch

a = torch.zeros(2, 3)
row = torch.ones(3)                       # 想加一行，但它是一维
assert torch.cat([a, row.unsqueeze(0)]).shape == (3, 3)  # check
torch.cat([a, row])  # raises: RuntimeError: Tensors must have same number of dimensions: got 2 and 1
# --8<-- [end:cat_ndim_mismatch]

# --8<-- [start:stack_size_mismatch]
import torch

x = torch.zeros(3)
y = torch.zeros(4)
torch.stack([x, y])  # raises: RuntimeError: stack expects each tensor to be equal size
# --8<-- [end:stack_size_mismatch]

# --8<-- [start:cat_dim_out_of_range]
import torch

x = torch.tensor([1, 2, 3])
y = torch.tensor([4, 5, 6])
assert torch.stack([x, y], dim=1).shape == (3, 2)  # check
torch.cat([x, y], dim=1)  # 一维张量没有第 1 维  # raises: IndexError: Dimension out of range
# --8<-- [end:cat_dim_out_of_range]

# --8<-- [start:cat_zero_dim]
import torch

losses = [torch.tensor(0.5), torch.tensor(0.3)]   # 0 维张量
assert torch.stack(losses).shape == (2,)  # check
torch.cat(losses)  # raises: RuntimeError: zero-dimensional tensor (at position 0) cannot be concatenated
# --8<-- [end:cat_zero_dim]

# --8<-- [start:cat_not_list]
import torch

a = torch.zeros(2, 3)
b = torch.ones(2, 3)
torch.cat(a, b)  # 忘了放进列表  # raises: TypeError: cat()
# --8<-- [end:cat_not_list]

# --8<-- [start:stack_lists]
import torch

rows = [[1, 2], [3, 4]]                   # Python 列表，不是张量
print(torch.tensor(rows))
torch.stack(rows)  # raises: TypeError: expected Tensor as element 0 in argument 0, but got list
# --8<-- [end:stack_lists]

# --8<-- [start:cat_empty_list]
import torch

preds = []                                # 循环一次也没执行
torch.cat(preds)  # raises: ValueError: expected a non-empty list of Tensors
# --8<-- [end:cat_empty_list]

# --8<-- [start:stack_empty_list]
import torch

val_batches = []                          # 例如验证集为空
losses = [batch.pow(2).mean() for batch in val_batches]
print("收集到的损失:", len(losses))
torch.stack(losses)  # raises: RuntimeError: stack expects a non-empty TensorList
# --8<-- [end:stack_empty_list]

# --8<-- [start:split_sizes_sum]
import torch

x = torch.arange(10)
x.split([2, 3, 4])  # 2 + 3 + 4 = 9 ≠ 10  # raises: RuntimeError: split_sizes to sum exactly to 10
# --8<-- [end:split_sizes_sum]
