"""创建张量：torch.tensor、torch.Tensor、as_tensor、from_numpy 谁复制谁共享；默认数据类型；zeros/ones/full/empty/*_like；device= 与 requires_grad=。"""
# --8<-- [start:share_table]
import numpy as np
import torch

makers = {
    "torch.tensor": torch.tensor,
    "torch.as_tensor": torch.as_tensor,
    "torch.from_numpy": torch.from_numpy,
    "torch.Tensor": torch.Tensor,
}
print(f"{'':18}{'float32 数组':>12}{'float64 数组':>12}  结果的 dtype")
for name, make in makers.items():
    cells = []
    for np_dtype in (np.float32, np.float64):
        a = np.array([1.0, 2.0, 3.0], dtype=np_dtype)
        t = make(a)
        a[0] = 100.0                   # 创建之后改 NumPy 数组
        cells.append("共享" if t[0] == 100 else "复制")
    dtype = str(t.dtype).removeprefix("torch.")   # float64 数组的结果
    print(f"{name:18}{cells[0]:>12}{cells[1]:>12}  {dtype}")
a64 = np.zeros(3)  # check
assert torch.from_numpy(a64).data_ptr() == a64.ctypes.data  # check
assert torch.as_tensor(a64).data_ptr() == a64.ctypes.data  # check
assert torch.tensor(a64).data_ptr() != a64.ctypes.data  # check
# --8<-- [end:share_table]

# --8<-- [start:tensor_copies]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])
t = torch.tensor(a)                    # 复制一份
a[0] = 100.0
t[1] = -1.0
print("t:", t)
print("a:", a)
assert t.data_ptr() != a.ctypes.data  # check
# --8<-- [end:tensor_copies]

# --8<-- [start:from_numpy_shares]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])
t = torch.from_numpy(a)                # 不复制，与 a 共用内存
a[0] = 100.0                           # 改 a，t 跟着变
t[1] = -1.0                            # 改 t，a 也跟着变
print("t:", t)
print("a:", a)
print("同一块内存:", t.data_ptr() == a.ctypes.data)
assert t.dtype == torch.float64  # check
# --8<-- [end:from_numpy_shares]

# --8<-- [start:as_tensor]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])          # float64
same = torch.as_tensor(a)              # dtype 相同：共享
other = torch.as_tensor(a, dtype=torch.float32)   # 要转换：复制
a[0] = 100.0
print("same: ", same)
print("other:", other)

x = torch.ones(3)
print("as_tensor(张量) 就是它本身:", torch.as_tensor(x) is x)
assert torch.as_tensor(x, dtype=torch.float64).data_ptr() != x.data_ptr()  # check
# --8<-- [end:as_tensor]

# --8<-- [start:as_tensor_graph]
import torch

w = torch.ones(3, requires_grad=True)
a = torch.as_tensor(w, dtype=torch.float64)   # 相当于 w.to(torch.float64)
print("grad_fn:", type(a.grad_fn).__name__)
a.sum().backward()
print("梯度流回 w:", w.grad)
assert torch.equal(w.grad, torch.ones(3))  # check
# --8<-- [end:as_tensor_graph]

# --8<-- [start:legacy_tensor]
import torch

print("torch.Tensor([1, 2]):", torch.Tensor([1, 2]))   # 总是默认浮点类型
print("torch.tensor([1, 2]):", torch.tensor([1, 2]))   # 按数据推断
print("torch.Tensor(3) 的形状:", torch.Tensor(3).shape)  # 3 是形状
print("torch.tensor(3) 的形状:", torch.tensor(3).shape)  # 3 是数据
assert torch.Tensor([1, 2]).dtype == torch.get_default_dtype()  # check
assert torch.tensor([1, 2]).dtype == torch.int64  # check
assert torch.Tensor(3).shape == torch.empty(3).shape == (3,)  # check
# --8<-- [end:legacy_tensor]

# --8<-- [start:legacy_dtype]
import torch

torch.Tensor([1, 2], dtype=torch.int64)  # raises: TypeError: new() received an invalid combination of arguments
# --8<-- [end:legacy_dtype]

# --8<-- [start:default_dtypes]
import numpy as np
import torch

examples = {
    "[1, 2]": [1, 2],
    "[1, 2.5]": [1, 2.5],
    "[True, False]": [True, False],
    "[1 + 2j]": [1 + 2j],
    "np.array([1.0])": np.array([1.0]),
    "np.array([1], np.int32)": np.array([1], np.int32),
}
for text, data in examples.items():
    label = f"torch.tensor({text})"
    print(f"{label:37} {torch.tensor(data).dtype}")
print("默认浮点类型:", torch.get_default_dtype())
assert torch.tensor([1, 2.5]).dtype == torch.get_default_dtype()  # check
assert torch.zeros(2).dtype == torch.float32  # check
assert torch.tensor(np.array([1.0]), dtype=torch.float32).dtype == torch.float32  # check
# --8<-- [end:default_dtypes]

# --8<-- [start:set_default_dtype]
import torch

torch.set_default_dtype(torch.float64)   # 改全局设置
print("tensor([1.5]):", torch.tensor([1.5]).dtype)
print("zeros(2):     ", torch.zeros(2).dtype)
print("tensor([1]):  ", torch.tensor([1]).dtype)   # 整数不受影响
torch.set_default_dtype(torch.float32)   # 改回来
print("改回后 zeros(2):", torch.zeros(2).dtype)
try:  # check
    torch.set_default_dtype(torch.int64)
except TypeError as error:
    assert "only floating-point types" in str(error)
else:
    raise AssertionError("set_default_dtype(int64) did not fail")
assert torch.get_default_dtype() == torch.float32  # check
# --8<-- [end:set_default_dtype]

# --8<-- [start:factories]
import torch

print(torch.zeros(2, 3))                   # 形状可以写成几个整数
print(torch.ones((2, 3), dtype=torch.int64))   # 也可以是元组
print(torch.full((2, 3), 7.5))             # 每个元素都是 7.5
e = torch.empty(2, 3)                      # 只分配内存，不填值
print("empty:", e.shape, e.dtype)
assert torch.equal(torch.zeros(2, 3), torch.zeros([2, 3]))  # check
# --8<-- [end:factories]

# --8<-- [start:full_dtype]
import torch

print("full(.., 7):   ", torch.full((2,), 7).dtype)      # 整数
print("full(.., 7.0): ", torch.full((2,), 7.0).dtype)    # 默认浮点
print("full(.., True):", torch.full((2,), True).dtype)
print("zeros(2):      ", torch.zeros(2).dtype)           # 总是默认浮点
# --8<-- [end:full_dtype]

# --8<-- [start:like]
import torch

x = torch.arange(6).view(2, 3)                 # int64
z = torch.zeros_like(x)
print("zeros_like:", z.shape, z.dtype, z.device)
print("改 dtype:  ", torch.ones_like(x, dtype=torch.float32).dtype)
print("full_like(x, 2.7):", torch.full_like(x, 2.7))   # 写进 int64
w = torch.randn(3, requires_grad=True)
print("不继承 requires_grad:", torch.zeros_like(w).requires_grad)
assert z.shape == x.shape and z.dtype == x.dtype  # check
assert torch.equal(torch.full_like(x, -2.7), torch.full_like(x, -2))  # check
# --8<-- [end:like]

# --8<-- [start:like_int_randn]
import torch

labels = torch.tensor([0, 2, 1])               # int64
assert torch.randn_like(labels, dtype=torch.float32).dtype == torch.float32  # check
assert torch.randn(labels.shape).shape == labels.shape  # check
try:  # check
    torch.randn(3, dtype=torch.long)
except NotImplementedError as error:
    assert "not implemented for 'Long'" in str(error)
else:
    raise AssertionError("randn(dtype=long) did not fail")
noise = torch.randn_like(labels)  # raises: NotImplementedError: not implemented for 'Long'
# --8<-- [end:like_int_randn]

# --8<-- [start:float_size]
import torch

n = 6
half = n / 2                                   # 3.0，是 float
print("n / 2 =", half, " n // 2 =", n // 2)
assert torch.zeros(n // 2).shape == (3,)  # check
torch.zeros(half)  # raises: TypeError: must be tuple of ints, not float
# --8<-- [end:float_size]

# --8<-- [start:device_at_creation]
import torch

device = "cuda" if torch.cuda.is_available() else "cpu"
x = torch.zeros(2, 3, device=device)           # 直接建在目标设备上
y = torch.tensor([1.0, 2.0], device=device)
z = torch.ones_like(x)                          # *_like 跟随 x 的设备
print("在同一设备上:", x.device == y.device == z.device)
print("设备类型就是 device:", x.device.type == device)
# --8<-- [end:device_at_creation]

# --8<-- [start:requires_grad_at_creation]
import torch

a = torch.zeros(3, dtype=torch.float64, requires_grad=True)
b = torch.zeros(3, requires_grad=True).double()   # 创建后再转换
c = torch.zeros(3).double().requires_grad_()     # 先转换再打开
for name, t in (("a", a), ("b", b), ("c", c)):
    fn = type(t.grad_fn).__name__ if t.grad_fn else None
    print(f"{name}: is_leaf={t.is_leaf!s:5}  grad_fn={fn}")
(a.sum() + c.sum()).backward()
print("a.grad:", a.grad)
print("c.grad:", c.grad)
assert not b.is_leaf and b.requires_grad  # check
# --8<-- [end:requires_grad_at_creation]

# --8<-- [start:int_requires_grad]
import torch

torch.tensor([1, 2, 3], requires_grad=True)  # raises: RuntimeError: Only Tensors of floating point
# --8<-- [end:int_requires_grad]

# --8<-- [start:tensor_of_tensor]
import warnings
import torch

x = torch.ones(3, requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    y = torch.tensor(x)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print("y.requires_grad:", y.requires_grad)
print("共享存储:", y.data_ptr() == x.data_ptr())
assert len(caught) == 1 and "To copy construct from a tensor" in str(caught[0].message)  # check
# --8<-- [end:tensor_of_tensor]

# --8<-- [start:tensor_of_tensor_fix]
import warnings
import torch

x = torch.ones(3, requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    y = x.detach().clone()                     # 同样的结果，没有警告
    w = x.detach().clone().requires_grad_(True)
print("警告条数:", len(caught))
print("y:", y.requires_grad, " w:", w.requires_grad, w.is_leaf)
assert y.data_ptr() != x.data_ptr() and torch.equal(y, x)  # check
# --8<-- [end:tensor_of_tensor_fix]

# --8<-- [start:list_of_tensors]
import torch

rows = [torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])]
print("stack:", torch.stack(rows))             # 正确做法
torch.tensor(rows)  # raises: ValueError: only one element tensors can be converted to Python scalars
# --8<-- [end:list_of_tensors]

# --8<-- [start:list_of_arrays]
import warnings

import numpy as np
import torch

frames = [np.full(3, i, dtype=np.float32) for i in range(4)]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    slow = torch.tensor(frames)                # 一列 NumPy 数组
for w in caught:
    print(f"{w.category.__name__}: {str(w.message).split(' (Triggered')[0]}")
fast = torch.from_numpy(np.stack(frames))      # 先合成一个数组
print("结果相同:", torch.equal(slow, fast), tuple(fast.shape))
assert len(caught) == 1 and caught[0].category is UserWarning  # check
with warnings.catch_warnings(record=True) as again:  # check
    warnings.simplefilter("always")
    torch.tensor(frames)
assert len(again) == 0  # check
# --8<-- [end:list_of_arrays]

# --8<-- [start:ragged_list]
import torch

torch.tensor([[1, 2, 3], [4, 5]])  # 第 1 行少一个  # raises: ValueError: expected sequence of length 3 at dim 1 (got 2)
# --8<-- [end:ragged_list]

# --8<-- [start:string_labels]
import torch

labels = ["cat", "dog", "cat"]                 # 类别名
classes = sorted(set(labels))
ids = [classes.index(name) for name in labels]
print(classes, "->", torch.tensor(ids))
try:  # check
    torch.tensor([1, "dog"])
except TypeError as error:
    assert "invalid data type 'str'" in str(error)
else:
    raise AssertionError("torch.tensor([1, 'dog']) did not fail")
torch.tensor(labels)  # raises: ValueError: too many dimensions 'str'
# --8<-- [end:string_labels]

# --8<-- [start:negative_stride]
import numpy as np
import torch

a = np.arange(4)
flipped = a[::-1]                              # 步长为负的视图
print("步长(字节):", flipped.strides)
print("copy 之后:", torch.from_numpy(flipped.copy()))
torch.from_numpy(flipped)  # raises: ValueError: At least one stride in the given numpy array is negative
# --8<-- [end:negative_stride]

# --8<-- [start:object_array]
import numpy as np
import torch

col = np.array([1.5, 2.0, None])               # 含 None：dtype=object
print("NumPy dtype:", col.dtype)
try:  # check
    torch.tensor(col)
except TypeError as error:
    assert "numpy.object_" in str(error)
else:
    raise AssertionError("torch.tensor(object array) did not fail")
assert torch.from_numpy(col[:2].astype(np.float32)).dtype == torch.float32  # check
torch.from_numpy(col)  # raises: TypeError: can't convert np.ndarray of type numpy.object_
# --8<-- [end:object_array]
