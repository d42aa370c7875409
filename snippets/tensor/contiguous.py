"""Tensor.contiguous：步长、哪些操作让张量不连续、contiguous() 何时复制、何时返回自身。"""
# --8<-- [start:imports]
import torch
# --8<-- [end:imports]

# --8<-- [start:setup]
def same_storage(a, b):
    """两个张量是否落在同一块存储上（存储偏移可以不同）。"""
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()

def describe(name, t):
    print(f"{name:<17} shape={tuple(t.shape)!s:<9} stride={t.stride()!s:<10} "
          f"offset={t.storage_offset()} contiguous={t.is_contiguous()}")
# --8<-- [end:setup]

# --8<-- [start:strides]
x = torch.arange(12).view(3, 4)
describe("x", x)
assert x.stride() == (4, 1) and x.is_contiguous()

flat = x.view(-1)                        # 底层存储按行优先排列
i, j = 2, 1
s0, s1 = x.stride()
assert x[i, j] == flat[i * s0 + j * s1]  # 偏移 = i*s0 + j*s1
print(f"x[{i}, {j}] 在存储中的偏移：{i * s0 + j * s1}，值 {x[i, j].item()}")
# --8<-- [end:strides]

# --8<-- [start:noncontiguous]
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
    describe(name, v)
    assert not v.is_contiguous()
    assert same_storage(v, x)            # 都是视图，没有复制
assert views["x[0].expand(3, 4)"].stride() == (0, 1)
# --8<-- [end:noncontiguous]

# --8<-- [start:still_contiguous]
kept = {
    "x[1:]": x[1:],                      # 去掉第一行：剩下的行仍紧挨着
    "x.narrow(0, 1, 2)": x.narrow(0, 1, 2),
    "x[0]": x[0],
    "x.unsqueeze(0)": x.unsqueeze(0),
}
for name, v in kept.items():
    describe(name, v)
    assert v.is_contiguous() and same_storage(v, x)
# 存储偏移从 0 变成 4：首元素的地址后移一行
assert x[1:].data_ptr() == x.data_ptr() + 4 * x.element_size()
# --8<-- [end:still_contiguous]

# --8<-- [start:contiguous_noop]
y = x.contiguous()
print("x.contiguous() is x:", y is x)
print("data_ptr 相同:", y.data_ptr() == x.data_ptr())
assert y is x                            # 已经连续：返回自身，不复制
assert y.data_ptr() == x.data_ptr()
# --8<-- [end:contiguous_noop]

# --8<-- [start:contiguous_copy]
t = x.t()
c = t.contiguous()
describe("t", t)
describe("t.contiguous()", c)
assert c is not t and not same_storage(c, t)   # 新存储
assert c.stride() == (3, 1) and torch.equal(c, t)

c[0, 0] = -1                             # 副本与 x 不再相连
assert x[0, 0].item() == 0

assert c.contiguous() is c               # 副本已连续，再调用不复制
c2 = t.contiguous()                      # 对不连续的 t 每调用一次，就复制一次
assert not same_storage(c2, c)
print("两次 t.contiguous() 共用存储：", same_storage(c2, c))
# --8<-- [end:contiguous_copy]

# --8<-- [start:size_one]
r = torch.arange(4).view(1, 4)
rt = r.t()                               # 形状 (4, 1)
describe("r", r)
describe("r.t()", rt)
assert rt.is_contiguous()                # 大小为 1 的维度的步长不影响判断
# --8<-- [end:size_one]

# --8<-- [start:ops_keep_layout]
xf = torch.arange(12.0).view(3, 4)
t = xf.t()                               # 不连续
e = t.exp()                              # 逐元素运算照常工作……
describe("t.exp()", e)
assert not e.is_contiguous()             # ……结果沿用输入的布局，仍不连续
assert torch.equal(e, xf.exp().t())

s = xf[:, ::2].exp()                     # 输入有空隙：结果是新的连续张量
describe("xf[:, ::2].exp()", s)
assert s.is_contiguous()
assert xf[0].expand(3, 4).exp().is_contiguous()   # 多行共用内存的输入也一样

mv = t @ torch.ones(3)                   # 矩阵乘法也不需要先 contiguous()
print(mv.tolist())
assert torch.equal(mv, t.contiguous() @ torch.ones(3))
# --8<-- [end:ops_keep_layout]
