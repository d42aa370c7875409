"""item、tolist、numpy：张量转成 Python 数和 NumPy 数组；共享内存；常见报错；累加 loss 的内存问题。"""
# --8<-- [start:item]
import torch

loss = torch.tensor(0.25)
print("item():", loss.item(), type(loss.item()).__name__)
n = torch.tensor(7).item()
print("int64 张量:", n, type(n).__name__)
print("一个元素，形状 (1, 1):", torch.tensor([[3.5]]).item())
# float32 的 0.1 不是 0.1：item() 把它原样换成 Python float（双精度）
print("float32 的 0.1:", torch.tensor(0.1).item())
print("float64 的 0.1:", torch.tensor(0.1, dtype=torch.float64).item())
assert type(loss.item()) is float and type(torch.tensor(7).item()) is int  # check
assert torch.tensor(0.1).item() != 0.1  # check
assert float(loss) == loss.item() and int(torch.tensor(7)) == 7  # check
assert type(torch.tensor(True).item()) is bool  # check
# --8<-- [end:item]

# --8<-- [start:zero_dim_index]
import torch

loss = torch.tensor(0.25)       # 损失这样的标量：0 维张量
print("形状:", loss.shape, " 维数:", loss.dim())
print("取值:", loss.item())
loss.data[0]  # raises: IndexError: invalid index of a 0-dim tensor. Use `tensor.item()`
# --8<-- [end:zero_dim_index]

# --8<-- [start:item_many]
import torch

loss = torch.tensor([0.25, 0.75])        # 两个元素
loss.item()  # raises: RuntimeError: a Tensor with 2 elements cannot be converted to Scalar
# --8<-- [end:item_many]

# --8<-- [start:float_many]
import torch
import torch.nn.functional as F

pred = torch.tensor([1.0, 2.0, 3.0])
target = torch.tensor([1.0, 0.0, 3.0])
loss = F.mse_loss(pred, target, reduction="none")   # 每个元素一个值
print("loss 的形状:", loss.shape)
assert float(loss.mean()) == loss.mean().item()  # check
try:  # check
    int(loss)
except ValueError as error:
    assert "only one element tensors" in str(error)
else:
    raise AssertionError("int() of a 3-element tensor did not fail")
float(loss)  # raises: ValueError: only one element tensors can be converted to Python scalars
# --8<-- [end:float_many]

# --8<-- [start:list_of_tensors]
import torch

rows = [torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])]
assert torch.tensor([torch.tensor(1.0), torch.tensor(2.0)]).shape == (2,)  # check
torch.tensor(rows)  # raises: ValueError: only one element tensors can be converted to Python scalars
# --8<-- [end:list_of_tensors]

# --8<-- [start:stack]
import torch

rows = [torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])]
batch = torch.stack(rows)               # 新增第 0 维，形状 (2, 2)
print(batch)
print("形状:", batch.shape)
assert torch.equal(batch, torch.tensor([[1.0, 2.0], [3.0, 4.0]]))  # check
# --8<-- [end:stack]

# --8<-- [start:list_index]
import torch

names = ["猫", "狗", "鸟"]
pred = torch.tensor([2, 0])              # 一批预测的类别编号
print([names[i] for i in pred.tolist()])
assert names[torch.tensor([1])] == "狗"  # check
try:  # check
    names[torch.tensor(1.0)]
except TypeError as error:
    assert "only integer tensors of a single element" in str(error)
else:
    raise AssertionError("float tensor worked as a list index")
names[pred]  # raises: TypeError: only integer tensors of a single element can be converted to an index
# --8<-- [end:list_index]

# --8<-- [start:format_spec]
import torch

loss = torch.tensor(0.25)                # 0 维：可以直接格式化
print(f"0 维:   {loss:.3f}")
losses = torch.tensor([0.25])            # 一维，只有一个元素
print(f"item(): {losses.item():.3f}")
print(f"不带格式: {losses}")
assert f"{torch.tensor(0.5, requires_grad=True):.1f}" == "0.5"  # check
MyTensor = type("MyTensor", (torch.Tensor,), {})  # check
sub = torch.tensor(0.25).as_subclass(MyTensor)  # check
try:  # check
    f"{sub:.3f}"
except TypeError as error:
    assert "MyTensor.__format__" in str(error)
else:
    raise AssertionError("a 0-dim subclass was formatted")
try:  # check
    "{:.3f}".format(torch.tensor([0.25, 0.75]))
except TypeError as error:
    assert "unsupported format string" in str(error)
else:
    raise AssertionError("a 2-element tensor was formatted")
print(f"一个元素: {losses:.3f}")  # raises: TypeError: unsupported format string passed to Tensor.__format__
# --8<-- [end:format_spec]

# --8<-- [start:tolist]
import torch

m = torch.tensor([[1, 2], [3, 4]])
print("tolist():", m.tolist(), type(m.tolist()[0][0]).__name__)
print("布尔:", torch.tensor([True, False]).tolist())
print("0 维张量:", torch.tensor(2.5).tolist())   # 不是列表，是一个数
print("float32:", torch.tensor([0.1, 0.5]).tolist())
assert m.tolist() == [[1, 2], [3, 4]]  # check
assert torch.tensor(2.5).tolist() == 2.5  # check
# --8<-- [end:tolist]

# --8<-- [start:numpy_shares]
import torch

t = torch.tensor([1.0, 2.0, 3.0])
a = t.numpy()                           # 不复制：a 与 t 共享存储
print("数据类型:", a.dtype)
a[0] = 100.0                            # 改数组……
print("t:", t)                          # ……张量也变了
t.add_(1)                               # 原地改张量……
print("a:", a)                          # ……数组也变了
assert a.__array_interface__["data"][0] == t.data_ptr()  # check
# --8<-- [end:numpy_shares]

# --8<-- [start:from_numpy]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])           # NumPy 默认 float64
shared = torch.from_numpy(a)            # 共享存储
copied = torch.tensor(a)                # 复制一份
a[0] = -1.0
print("from_numpy:  ", shared)
print("torch.tensor:", copied)
assert shared.data_ptr() == a.__array_interface__["data"][0]  # check
assert copied.data_ptr() != a.__array_interface__["data"][0]  # check
# --8<-- [end:from_numpy]

# --8<-- [start:numpy_rebind]
import numpy as np
import torch

a = np.zeros(3, dtype=np.float32)
t = torch.from_numpy(a)
a += 1                                  # 原地修改：t 跟着变
print("a += 1 之后, t:", t)
a = a + 1                               # 新数组：a 不再指向 t 的存储
print("a = a + 1 之后, t:", t)
assert t.tolist() == [1.0, 1.0, 1.0]  # check
# --8<-- [end:numpy_rebind]

# --8<-- [start:negative_strides]
import numpy as np
import torch

img = np.arange(12, dtype=np.float32).reshape(2, 2, 3)   # (H, W, C)
rgb = img[:, :, ::-1]                   # BGR 换成 RGB：步长为负的视图
print("NumPy 步长（字节）:", rgb.strides)
assert torch.from_numpy(rgb.copy()).tolist() == rgb.tolist()  # check
torch.from_numpy(rgb)  # raises: ValueError: At least one stride in the given numpy array is negative
# --8<-- [end:negative_strides]

# --8<-- [start:negative_strides_fix]
import numpy as np
import torch

img = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
rgb = img[:, :, ::-1].copy()            # 复制成正常步长的数组
t = torch.from_numpy(rgb)
print("第一个像素:", t[0, 0])
assert t.tolist()[0][0] == [2.0, 1.0, 0.0]  # check
# --8<-- [end:negative_strides_fix]

# --8<-- [start:not_writable]
import warnings

import numpy as np
import torch

raw = bytes(range(6))                   # 例如从文件或网络读到的字节
a = np.frombuffer(raw, dtype=np.uint8)  # 数组直接用 bytes 的内存，只读
print("可写:", a.flags.writeable)
assert not np.broadcast_to(np.zeros(3), (2, 3)).flags.writeable  # check
with warnings.catch_warnings(record=True) as quiet:  # check
    warnings.simplefilter("always")
    assert torch.tensor(a).tolist() == list(raw)
    assert a.copy().flags.writeable and torch.from_numpy(a.copy()).sum() == 15
assert not quiet  # check
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    t = torch.from_numpy(a)
for w in caught:
    print(f"{w.category.__name__}: {str(w.message).split(' (Triggered')[0]}")
print("t:", t)
assert len(caught) == 1 and caught[0].category is UserWarning  # check
# --8<-- [end:not_writable]

# --8<-- [start:requires_grad_numpy]
import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)
assert w.detach().numpy().tolist() == [1.0, 2.0]  # check
w.numpy()  # raises: RuntimeError: Can't call numpy() on Tensor that requires grad
# --8<-- [end:requires_grad_numpy]

# --8<-- [start:detach_shares]
import torch

w = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([w], lr=1.0)
history, snapshots = [], []
for step in range(3):
    w.grad = torch.ones(2)              # 假装 backward 算出了梯度 1
    opt.step()                          # 原地更新 w
    history.append(w.detach().numpy())  # 与 w 共享存储
    snapshots.append(w.detach().numpy().copy())   # 复制一份
print("共享的记录:", [h.tolist() for h in history])
print("复制的记录:", [s.tolist() for s in snapshots])
print("CPU 张量 .cpu() 返回自身:", w.cpu() is w)
assert snapshots[0].tolist() == [-1.0, -1.0]  # check
# --8<-- [end:detach_shares]

# --8<-- [start:numpy_force]
import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)
a = w.numpy(force=True)                 # = w.detach().cpu()...numpy()
print("force=True:", a)
a[0] = 5.0                              # CPU 上仍共享存储
print("w:", w)
assert w.detach()[0].item() == 5.0  # check
# --8<-- [end:numpy_force]

# --8<-- [start:cuda_numpy]
# requires: cuda
import torch

x = torch.ones(3, device="cuda")
x.numpy()  # raises: TypeError: can't convert cuda:0 device type tensor to numpy
# --8<-- [end:cuda_numpy]

# --8<-- [start:any_device]
import torch

device = "cuda" if torch.cuda.is_available() else "cpu"
w = torch.tensor([1.0, 2.0], device=device, requires_grad=True)
a = w.detach().cpu().numpy()            # 在哪个设备上都能用
print("数组:", a, a.dtype)
try:  # check
    torch.empty(1, device="meta").numpy()
except TypeError as error:
    assert str(error) == ("can't convert meta device type tensor to numpy. "
                          "Use Tensor.cpu() to copy the tensor to host memory "
                          "first.")
else:
    raise AssertionError("numpy() on a meta tensor did not fail")
# --8<-- [end:any_device]

# --8<-- [start:bfloat16_numpy]
import torch

h = torch.tensor([1.5, 2.5], dtype=torch.bfloat16)   # 大模型常用的类型
assert h.float().numpy().tolist() == [1.5, 2.5]  # check
h.numpy()  # raises: TypeError: Got unsupported ScalarType BFloat16
# --8<-- [end:bfloat16_numpy]

# --8<-- [start:bfloat16_fix]
import torch

h = torch.tensor([1.5, 2.5], dtype=torch.bfloat16)
a = h.float().numpy()                   # 先转成 float32
print("数组:", a, a.dtype)
print("float16 可以直接转:", torch.tensor([1.5]).half().numpy().dtype)
# --8<-- [end:bfloat16_fix]

# --8<-- [start:ambiguous]
import torch

x = torch.tensor([0.5, -1.0, 2.0])
if x > 0:  # raises: RuntimeError: Boolean value of Tensor with more than one value is ambiguous
    print("全是正数")
# --8<-- [end:ambiguous]

# --8<-- [start:ambiguous_fix]
import torch

x = torch.tensor([0.5, -1.0, 2.0])
print("全部大于 0:", (x > 0).all().item())
print("有一个大于 0:", (x > 0).any().item())
print("0 < x < 1（逐元素）:", (x > 0) & (x < 1))
y = x.clone()
print("两个张量相等:", torch.equal(x, y))
print("一个元素时可以直接判断:", bool(torch.tensor([2.0]) > 0))
try:  # check
    (x > 0) and (x < 1)
except RuntimeError as error:
    assert "more than one value is ambiguous" in str(error)
else:
    raise AssertionError("`and` of two 3-element tensors did not fail")
# --8<-- [end:ambiguous_fix]

# --8<-- [start:sum_loss_graph]
import torch


def graph_nodes(t):
    """从 t.grad_fn 出发能走到的反向节点个数。"""
    seen, todo = set(), [getattr(t, "grad_fn", None)]
    while todo:
        node = todo.pop()
        if node is not None and node not in seen:
            seen.add(node)
            todo += [nxt for nxt, _ in node.next_functions]
    return len(seen)


import weakref  # check
refs = []  # check
torch.manual_seed(0)
w = torch.randn(1000, requires_grad=True)
for add in ("loss", "loss.item()", "loss.detach()"):
    for steps in (10, 100):
        total = 0.0
        for step in range(steps):
            x = torch.randn(1000)
            h = torch.tanh(x * w)
            loss = h.square().mean()
            loss.backward()             # 释放这一步保存的张量
            if add == "loss":
                total += loss
            elif add == "loss.item()":
                total += loss.item()
            else:
                total += loss.detach()
            refs.append(weakref.ref(h))  # check
        print(f"total += {add:13} {steps:3} 步: {type(total).__name__:6}"
              f" 反向节点 {graph_nodes(total)}")
one = 0.0  # check
one += torch.tanh(torch.randn(1000) * w).square().mean()  # check
assert graph_nodes(one) == 6  # check
del h  # check
assert all(r() is None for r in refs)  # check
# --8<-- [end:sum_loss_graph]

# --8<-- [start:sum_loss_memory]
import weakref
import torch


def evaluate(use_item):
    """只做前向，不 backward：例如验证循环。"""
    torch.manual_seed(0)
    w = torch.randn(1000, requires_grad=True)
    total, refs = 0.0, []
    for step in range(100):
        x = torch.randn(1000)
        h = torch.tanh(x * w)           # 激活值，tanh 把它保存供反向传播用
        loss = h.square().mean()
        total += loss.item() if use_item else loss
        refs.append(weakref.ref(h))     # 弱引用：只观察，不让 h 多活
    return total, refs


def report(name, total, refs):
    alive = sum(r() is not None for r in refs)
    print(f"{name:24} 还活着的激活值 {alive:3} 个, 共 {alive * 4000:6} 字节")


report("total += loss", *evaluate(use_item=False))
report("total += loss.item()", *evaluate(use_item=True))
with torch.no_grad():
    report("no_grad: total += loss", *evaluate(use_item=False))
# --8<-- [end:sum_loss_memory]
