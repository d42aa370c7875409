"""Tensor.contiguous：步长、哪些操作让张量不连续、contiguous() 何时复制、何时返回自身。"""
# --8<-- [start:strides]
import torch

x = torch.arange(12).view(3, 4)
print("步长:", x.stride(), "连续:", x.is_contiguous())

i, j = 2, 1
s0, s1 = x.stride()
pos = i * s0 + j * s1                    # 偏移 = i*s0 + j*s1
print(f"x[{i}, {j}] = {x[i, j].item()}，在存储中的偏移是 {pos}")
# x 连续且偏移为 0：view(-1) 按存储顺序排开所有元素
print(f"存储中第 {pos} 个元素 = {x.view(-1)[pos].item()}")
# --8<-- [end:strides]

# --8<-- [start:noncontiguous]
import torch

x = torch.arange(12).view(3, 4)
views = {
    "x.t()": x.t(),
    "x.permute(1, 0)": x.permute(1, 0),
    "x[::2]": x[::2],                    # 第 0 维隔一行取：跳过整行
    "x[:, ::2]": x[:, ::2],              # 第 1 维隔一列取
    "x[:, 1:]": x[:, 1:],                # 去掉第一列：每行之间有空隙
    "x.narrow(1, 1, 2)": x.narrow(1, 1, 2),
    "x[0].expand(3, 4)": x[0].expand(3, 4),   # 步长 0：三行共用同一段内存
}
for name, v in views.items():
    print(f"{name:<17} shape={tuple(v.shape)!s:<9} stride={v.stride()!s:<10} "
          f"offset={v.storage_offset()} contiguous={v.is_contiguous()}")
    # 都是视图，没有复制
    assert v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()  # check
# --8<-- [end:noncontiguous]

# --8<-- [start:still_contiguous]
import torch

x = torch.arange(12).view(3, 4)
kept = {
    "x[1:]": x[1:],                      # 去掉第一行：剩下的行仍紧挨着
    "x.narrow(0, 1, 2)": x.narrow(0, 1, 2),
    "x[0]": x[0],
    "x.unsqueeze(0)": x.unsqueeze(0),
}
for name, v in kept.items():
    print(f"{name:<17} shape={tuple(v.shape)!s:<9} stride={v.stride()!s:<10} "
          f"offset={v.storage_offset()} contiguous={v.is_contiguous()}")
    assert v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()  # check

# 存储偏移从 0 变成 4：首元素的地址后移一行（4 个 int64）
print("x[1:] 首元素地址后移:", x[1:].data_ptr() - x.data_ptr(), "字节")
assert x[1:].data_ptr() == x.data_ptr() + 4 * x.element_size()  # check
# --8<-- [end:still_contiguous]

# --8<-- [start:contiguous_noop]
import torch

x = torch.arange(12).view(3, 4)
y = x.contiguous()                       # 已经连续：返回自身，不复制
print("x.contiguous() is x:", y is x)
print("data_ptr 相同:", y.data_ptr() == x.data_ptr())
# --8<-- [end:contiguous_noop]

# --8<-- [start:contiguous_copy]
import torch

x = torch.arange(12).view(3, 4)
t = x.t()
c = t.contiguous()
print("t 步长:", t.stride(), "连续:", t.is_contiguous())
print("c 步长:", c.stride(), "连续:", c.is_contiguous())
print("值相同:", torch.equal(c, t))
print("与 t 共用存储:", c.data_ptr() == t.data_ptr())   # 新存储
assert c.untyped_storage().data_ptr() != t.untyped_storage().data_ptr()  # check

c[0, 0] = -1                             # 副本与 x 不再相连
print("改 c 之后 x[0, 0]:", x[0, 0].item())

print("c.contiguous() is c:", c.contiguous() is c)   # 副本已连续，不再复制
c2 = t.contiguous()                      # 对不连续的 t 每调用一次，就复制一次
print("两次 t.contiguous() 共用存储:", c2.data_ptr() == c.data_ptr())
assert c2.untyped_storage().data_ptr() != c.untyped_storage().data_ptr()  # check
# --8<-- [end:contiguous_copy]

# --8<-- [start:size_one]
import torch

r = torch.arange(4).view(1, 4)
rt = r.t()                               # 形状 (4, 1)
print("r     步长:", r.stride(), "连续:", r.is_contiguous())
# 大小为 1 的维度的步长不影响判断
print("r.t() 步长:", rt.stride(), "连续:", rt.is_contiguous())
# --8<-- [end:size_one]

# --8<-- [start:ops_keep_layout]
import torch

xf = torch.arange(12.0).view(3, 4)
t = xf.t()                               # 不连续
e = t.exp()                              # 逐元素运算照常工作……
# ……结果沿用输入的布局，仍不连续
print("t.exp()          步长:", e.stride(), "连续:", e.is_contiguous())
assert torch.equal(e, xf.exp().t())  # check

s = xf[:, ::2].exp()                     # 输入有空隙：结果是新的连续张量
print("xf[:, ::2].exp() 步长:", s.stride(), "连续:", s.is_contiguous())
# 多行共用内存的输入也一样
print("expand 后 exp() 连续:", xf[0].expand(3, 4).exp().is_contiguous())

mv = t @ torch.ones(3)                   # 矩阵乘法也不需要先 contiguous()
print(mv.tolist())
assert torch.equal(mv, t.contiguous() @ torch.ones(3))  # check
# --8<-- [end:ops_keep_layout]
