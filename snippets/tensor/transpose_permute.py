"""transpose 与 permute：共享存储的视图，结果不连续；何时才需要 contiguous()。"""
# --8<-- [start:transpose]
import torch

x = torch.arange(24).view(2, 3, 4)
t = x.transpose(1, 2)                    # 只交换第 1、2 维
print(x.shape, "->", t.shape)
print("步长:", x.stride(), "->", t.stride())   # 步长跟着交换，数据不动
assert torch.equal(torch.transpose(x, 1, 2), t)  # check
# 负数维度从后往前数
print("transpose(-1, -2) 相同:", torch.equal(x.transpose(-1, -2), t))
# --8<-- [end:transpose]

# --8<-- [start:permute]
import torch

x = torch.arange(24).view(2, 3, 4)
p = x.permute(2, 0, 1)                   # 新的第 i 维 = 原来的第 dims[i] 维
print(x.shape, "->", p.shape)
print("步长:", x.stride(), "->", p.stride())
print("p[3, 1, 2] == x[1, 2, 3]:", (p[3, 1, 2] == x[1, 2, 3]).item())

# 交换两维时，两者等价
print("与 transpose 相同:", torch.equal(x.permute(0, 2, 1), x.transpose(1, 2)))
# 也可以写负数
assert torch.equal(x.permute(0, -1, -2), x.permute(0, 2, 1))  # check

# 还原：对 dims 做 argsort 得到逆排列
inv = torch.argsort(torch.tensor([2, 0, 1])).tolist()
print("逆排列:", inv)
print("还原成 x:", torch.equal(p.permute(*inv), x))
# --8<-- [end:permute]

# --8<-- [start:shared]
import torch

x = torch.arange(24).view(2, 3, 4)
t = x.transpose(1, 2)
p = x.permute(2, 0, 1)
print("共享存储:", t.data_ptr() == x.data_ptr(), p.data_ptr() == x.data_ptr())
t[0, 3, 2] = -1                          # 通过转置视图写入……
print(x[0, 2, 3])                        # ……原张量对应位置也变了
x[1, 0, 0] = -2                          # 反过来也一样
print(p[0, 1, 0])
# --8<-- [end:shared]

# --8<-- [start:noncontiguous]
import torch

x = torch.arange(24).view(2, 3, 4)
t = x.transpose(1, 2)
print("连续:", t.is_contiguous(), x.permute(2, 0, 1).is_contiguous())
print("求和:", t.sum().item(), x.sum().item())   # 求和照常进行
ones = torch.ones(3, dtype=torch.int64)
print((t @ ones).shape)                  # 矩阵乘法也一样
assert torch.equal(t @ ones, t.contiguous() @ ones)  # check
r = t.reshape(2, 12)                     # reshape 会在需要时自己复制
print(r.shape)
# --8<-- [end:noncontiguous]

# --8<-- [start:view_error]
import torch

t = torch.arange(24).view(2, 3, 4).transpose(1, 2)
print("步长:", t.stride())
# 合并后两维的条件：stride[1] == stride[2] * size[2]
print("后两维可以合并:", t.stride(1) == t.stride(2) * t.size(2))
t.view(2, 12)  # 只有 view 这类操作要求步长兼容  # raises: RuntimeError: view size is not compatible
# --8<-- [end:view_error]

# --8<-- [start:contiguous_copies]
import torch

x = torch.arange(24).view(2, 3, 4)
t = x.transpose(1, 2)
c1 = t.contiguous()
c2 = t.contiguous()
print("连续:", c1.is_contiguous())
print("c1 与 t 共用存储:", c1.data_ptr() == t.data_ptr())    # 复制了一份
print("c1 与 c2 共用存储:", c1.data_ptr() == c2.data_ptr())  # 每调用一次就复制一次
c1[0, 0, 0] = 100
print("改 c1 之后 x[0, 0, 0]:", x[0, 0, 0].item())          # 副本与 x 不再相连
# --8<-- [end:contiguous_copies]

# --8<-- [start:matrix_transpose]
import torch

m = torch.arange(6).view(2, 3)
print(m.T.shape, "与 m.t() 相同:", torch.equal(m.T, m.t()))

b = torch.zeros(5, 2, 3)                 # 一批 5 个 2x3 矩阵
print(b.mT.shape)                        # mT：只转置最后两维
assert torch.equal(b.mT, b.transpose(-2, -1))  # check
# --8<-- [end:matrix_transpose]

# --8<-- [start:t_deprecated]
import warnings

import torch

b = torch.zeros(5, 2, 3)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    rev = b.T                            # 非二维张量上的 .T：反转所有维度，已弃用
print(rev.shape)
assert caught[0].category is UserWarning  # check
msg = str(caught[0].message)
assert "The use of `x.T` on tensors of dimension other than 2" in msg  # check
# 去掉消息末尾指向 C++ 源文件的位置
print("UserWarning:", msg.split(" (Triggered internally")[0])

with warnings.catch_warnings(record=True) as again:
    warnings.simplefilter("always")
    b.T
print("再用一次 .T，警告条数:", len(again))   # 默认每个进程只发一次

torch.set_warn_always(True)              # 让它再发一次
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    v = torch.arange(3).T                # 一维：什么也不改，但同样警告
torch.set_warn_always(False)
print(v, "警告条数:", len(caught))
assert "dimension other than 2" in str(caught[0].message)  # check
# --8<-- [end:t_deprecated]

# --8<-- [start:permute_count]
import torch

x = torch.arange(24).view(2, 3, 4)
x.permute(1, 0)  # dims 个数必须等于维数  # raises: RuntimeError: does not match the length of the desired ordering
# --8<-- [end:permute_count]

# --8<-- [start:permute_duplicate]
import torch

x = torch.arange(24).view(2, 3, 4)
x.permute(0, 0, 1)  # 不能重复  # raises: RuntimeError: duplicate dims are not allowed
# --8<-- [end:permute_duplicate]

# --8<-- [start:mt_1d]
import torch

torch.arange(3).mT  # 一维张量没有 mT  # raises: RuntimeError: only supported on matrices or batches of matrices
# --8<-- [end:mt_1d]

# --8<-- [start:t_3d]
import torch

x = torch.arange(24).view(2, 3, 4)
x.t()  # t() 只管二维  # raises: RuntimeError: expects a tensor with <= 2 dimensions
# --8<-- [end:t_3d]

# --8<-- [start:numpy_transpose]
import numpy as np
import torch

a = np.arange(24).reshape(2, 3, 4)
x = torch.arange(24).view(2, 3, 4)
# NumPy：transpose(axes) 给出全部维度的新顺序
print("NumPy a.transpose((0, 2, 1)):", a.transpose((0, 2, 1)).shape)
# PyTorch：同样的事由 permute 来做
print("PyTorch x.permute(0, 2, 1):  ", tuple(x.permute(0, 2, 1).shape))
same = np.array_equal(a.transpose((0, 2, 1)), x.permute(0, 2, 1).numpy())
print("结果相同:", same)
as_tuple = x.permute((0, 2, 1))          # permute 也接受一个元组
print("permute((0, 2, 1)) 相同:", torch.equal(as_tuple, x.permute(0, 2, 1)))
# 不写 axes：NumPy 反转所有维度
print("a.transpose():", a.transpose().shape,
      " x.permute(2, 1, 0):", tuple(x.permute(2, 1, 0).shape))
assert same and np.array_equal(a.transpose(), x.permute(2, 1, 0).numpy())  # check
# --8<-- [end:numpy_transpose]

# --8<-- [start:transpose_tuple]
import torch

x = torch.arange(24).view(2, 3, 4)
try:  # check
    torch.transpose(x, (1, 0))
except TypeError as error:
    if torch.__version__ >= "2.13":
        assert str(error) == "transpose(): argument 'dim0' (position 2) must be int, not tuple", error
    else:  # older torch (2.11) gives the old message, as the page says
        assert str(error).startswith("transpose() received an invalid combination of arguments - got (Tensor, tuple)"), error
else:
    raise AssertionError("torch.transpose accepted a tuple")
x.transpose((0, 2, 1))  # NumPy 的写法：一个排列  # raises: TypeError: transpose()
# --8<-- [end:transpose_tuple]

# --8<-- [start:transpose_three_dims]
import torch

x = torch.arange(24).view(2, 3, 4)
x.transpose(0, 2, 1)  # NumPy 的另一种写法  # raises: TypeError: transpose()
# --8<-- [end:transpose_three_dims]
