"""transpose 与 permute：共享存储的视图，结果不连续；何时才需要 contiguous()。"""
# --8<-- [start:imports]
import re
import warnings

import torch
# --8<-- [end:imports]

# --8<-- [start:transpose]
x = torch.arange(24).view(2, 3, 4)
t = x.transpose(1, 2)                    # 只交换第 1、2 维
print(x.shape, "->", t.shape)
print("stride:", x.stride(), "->", t.stride())
assert t.shape == (2, 4, 3)
assert t.stride() == (12, 1, 4)          # 步长跟着交换，数据不动
assert torch.equal(torch.transpose(x, 1, 2), t)
assert torch.equal(x.transpose(-1, -2), t)   # 负数维度从后往前数
# --8<-- [end:transpose]

# --8<-- [start:permute]
p = x.permute(2, 0, 1)                   # 新的第 i 维 = 原来的第 dims[i] 维
print(x.shape, "->", p.shape)
print("stride:", x.stride(), "->", p.stride())
assert p.shape == (4, 2, 3) and p.stride() == (1, 12, 4)
assert p[3, 1, 2] == x[1, 2, 3]

# 交换两维时，两者等价
assert torch.equal(x.permute(0, 2, 1), x.transpose(1, 2))
assert torch.equal(x.permute(0, -1, -2), x.permute(0, 2, 1))   # 也可以写负数

# 还原：对 dims 做 argsort 得到逆排列
inv = torch.argsort(torch.tensor([2, 0, 1])).tolist()
print("逆排列:", inv)
assert torch.equal(p.permute(*inv), x)
# --8<-- [end:permute]

# --8<-- [start:shared]
assert t.data_ptr() == x.data_ptr() and p.data_ptr() == x.data_ptr()
t[0, 3, 2] = -1                          # 通过转置视图写入……
print(x[0, 2, 3])                        # ……原张量对应位置也变了
assert x[0, 2, 3].item() == -1
x[1, 0, 0] = -2                          # 反过来也一样
assert p[0, 1, 0].item() == -2
# --8<-- [end:shared]

# --8<-- [start:noncontiguous]
print(t.is_contiguous(), p.is_contiguous())
assert not t.is_contiguous() and not p.is_contiguous()
assert t.sum() == x.sum()                # 求和照常进行
ones = torch.ones(3, dtype=torch.int64)
print((t @ ones).shape)                  # 矩阵乘法也一样
assert torch.equal(t @ ones, t.contiguous() @ ones)
try:
    t.view(2, 12)                        # 只有 view 这类操作要求步长兼容
except RuntimeError as e:
    assert "view size is not compatible" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
r = t.reshape(2, 12)                     # reshape 会在需要时自己复制
assert r.shape == (2, 12)
# --8<-- [end:noncontiguous]

# --8<-- [start:contiguous_copies]
c1 = t.contiguous()
c2 = t.contiguous()
assert c1.is_contiguous()
assert c1.data_ptr() != t.data_ptr()     # 复制了一份
assert c1.data_ptr() != c2.data_ptr()    # 每调用一次就复制一次
c1[0, 0, 0] = 100
assert x[0, 0, 0].item() == 0            # 副本与 x 不再相连
print("contiguous() 后与 x 共用存储:", c1.data_ptr() == x.data_ptr())
# --8<-- [end:contiguous_copies]

# --8<-- [start:matrix_transpose]
m = torch.arange(6).view(2, 3)
assert torch.equal(m.T, m.t()) and m.T.shape == (3, 2)

b = torch.zeros(5, 2, 3)                 # 一批 5 个 2x3 矩阵
print(b.mT.shape)                        # mT：只转置最后两维
assert torch.equal(b.mT, b.transpose(-2, -1))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    rev = b.T                            # 非二维张量上的 .T：反转所有维度，已弃用
print(rev.shape)
assert rev.shape == (3, 2, 5)
assert caught and caught[0].category is UserWarning
msg = str(caught[0].message)
assert "The use of `x.T` on tensors of dimension other than 2" in msg
print("UserWarning:", re.sub(r"\s*\(Triggered internally at .*\)$", "", msg))

with warnings.catch_warnings(record=True) as again:
    warnings.simplefilter("always")
    b.T
assert not again                         # 这条警告默认每个进程只发一次

warn_always = torch.is_warn_always_enabled()
torch.set_warn_always(True)              # 让它再发一次
try:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        v = torch.arange(3).T            # 一维：什么也不改，但同样警告
finally:
    torch.set_warn_always(warn_always)
assert torch.equal(v, torch.arange(3))
assert caught and "dimension other than 2" in str(caught[0].message)
# --8<-- [end:matrix_transpose]

# --8<-- [start:errors]
cases = [
    # dims 个数必须等于维数
    (lambda: x.permute(1, 0), "does not match the length of the desired ordering"),
    # 不能重复
    (lambda: x.permute(0, 0, 1), "duplicate dims are not allowed"),
    # 一维张量没有 mT
    (lambda: torch.arange(3).mT, "only supported on matrices or batches of matrices"),
    # t() 只管二维
    (lambda: x.t(), "expects a tensor with <= 2 dimensions"),
]
for call, fragment in cases:
    try:
        call()
    except RuntimeError as e:
        assert fragment in str(e)
        print(f"{type(e).__name__}: {e}")
    else:
        raise AssertionError("expected a RuntimeError")
# --8<-- [end:errors]
