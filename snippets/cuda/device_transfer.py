# requires: cuda
"""把模型和数据放到 GPU 上：.to(device)、混用设备的报错、.cuda() 产生非叶子张量、pin_memory。"""
# --8<-- [start:move]
import torch
from torch import nn

torch.manual_seed(0)
device = torch.device("cuda")
model = nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)   # 在 .to(device) 之前创建
weight_before = model.weight
model.to(device)                        # 模块原地移动：返回的是同一个对象
# 参数对象不变，只是数据换到了 GPU
print("同一个参数对象:", model.weight is weight_before)
assert model.weight is weight_before  # check
print("参数所在设备:", model.weight.device)
# 优化器引用的仍是这个参数对象，它现在在 GPU 上
print("优化器引用同一个参数:", opt.param_groups[0]["params"][0] is model.weight)
assert opt.param_groups[0]["params"][0] is model.weight  # check
assert model.weight.is_cuda  # check

x = torch.randn(3, 4)
x_gpu = x.to(device)                    # 张量不是原地移动：返回新张量
print("x:", x.device, "| x_gpu:", x_gpu.device)
assert x.device.type == "cpu" and x_gpu.device.type == "cuda"  # check
y = model(x_gpu)
print(y.device, y.shape)
# --8<-- [end:move]

# --8<-- [start:mixed_elementwise]
import torch

a = torch.ones(2, device="cuda")
b = torch.ones(2)
a + b  # raises: RuntimeError: Expected all tensors to be on the same device
# --8<-- [end:mixed_elementwise]

# --8<-- [start:mixed_module]
import torch
from torch import nn

model = nn.Linear(4, 2).to("cuda")
x = torch.randn(3, 4)
# 模型在 GPU 上，输入还在 CPU 上
model(x)  # raises: RuntimeError: Expected all tensors to be on the same device
# --8<-- [end:mixed_module]

# --8<-- [start:mixed_conv]
import torch
from torch import nn

conv = nn.Conv2d(3, 8, kernel_size=3).to("cuda")
x = torch.randn(1, 3, 32, 32)
# 卷积层在 GPU 上，输入还在 CPU 上：报错说的是类型，不是设备
conv(x)  # raises: RuntimeError: Input type (torch.FloatTensor) and weight type (torch.cuda.FloatTensor) should be the same
# --8<-- [end:mixed_conv]

# --8<-- [start:mixed_conv_reversed]
import torch
from torch import nn

conv = nn.Conv2d(3, 8, kernel_size=3)
x = torch.randn(1, 3, 32, 32, device="cuda")
# 反过来：输入在 GPU 上，卷积层忘了移动
conv(x)  # raises: RuntimeError: Input type (torch.cuda.FloatTensor) and weight type (torch.FloatTensor) should be the same
# --8<-- [end:mixed_conv_reversed]

# --8<-- [start:non_leaf]
import warnings

import torch

w = torch.rand(3, requires_grad=True)
w_gpu = w.cuda()                        # 复制操作的结果：不是叶子张量
print("is_leaf:", w.is_leaf, w_gpu.is_leaf)
assert w.is_leaf and not w_gpu.is_leaf  # check
print(w_gpu.grad_fn.name())
w_gpu.sum().backward()
print("w.grad:", w.grad)                # 梯度流回了 CPU 上的叶子
assert w.grad is not None  # check
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    # 非叶子张量的 .grad 不保存，并且读它会警告
    print("w_gpu.grad:", w_gpu.grad)
    assert w_gpu.grad is None  # check
message = str(caught[0].message)
assert "not a leaf Tensor" in message  # check
# 只打印第一句
print(f"{caught[0].category.__name__}: {message.split('. ')[0]}.")
# --8<-- [end:non_leaf]

# --8<-- [start:leaf_on_gpu]
import torch

# 直接在 GPU 上创建：是叶子
v = torch.rand(3, device="cuda", requires_grad=True)
print("v.is_leaf:", v.is_leaf)
assert v.is_leaf  # check
# 先移动、再 requires_grad_()：也是叶子
u = torch.rand(3).to("cuda").requires_grad_()
print("u.is_leaf:", u.is_leaf)
assert u.is_leaf  # check
# --8<-- [end:leaf_on_gpu]

# --8<-- [start:pinned]
import torch
from torch.utils.data import DataLoader, TensorDataset

data = TensorDataset(torch.arange(8, dtype=torch.float32).view(4, 2))
loader = DataLoader(data, batch_size=2, pin_memory=True)
for (batch,) in loader:
    print("锁页内存:", batch.is_pinned())   # 可以异步拷贝到 GPU
    assert batch.is_pinned()  # check
    on_gpu = batch.to("cuda", non_blocking=True)
# CPU→GPU：后续 GPU 运算自动排在拷贝之后，.tolist() 也会等拷贝完成，不用手动同步
print(on_gpu.device, on_gpu.tolist())

back = on_gpu.to("cpu", non_blocking=True)   # GPU→CPU 的异步拷贝
# GPU→CPU 的异步拷贝要手动同步（计时也要）：读 back 之前先等拷贝完成
torch.cuda.synchronize()
print("拷回 CPU:", back.tolist())
assert back.tolist() == batch.tolist()  # check
# --8<-- [end:pinned]
