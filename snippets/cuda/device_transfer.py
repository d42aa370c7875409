# requires: cuda
"""把模型和数据放到 GPU 上：.to(device)、混用设备的报错、.cuda() 产生非叶子张量、pin_memory。"""
# --8<-- [start:imports]
import warnings

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
# --8<-- [end:imports]

# --8<-- [start:move]
torch.manual_seed(0)
device = torch.device("cuda")
model = nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)   # 在 .to(device) 之前创建
weight_before = model.weight
model.to(device)                        # 模块原地移动：返回的是同一个对象
assert model.weight is weight_before    # 参数对象不变，只是数据换到了 GPU
assert model.weight.device.type == "cuda"
# 优化器引用的仍是这个参数对象，它现在在 GPU 上
assert opt.param_groups[0]["params"][0] is model.weight and model.weight.is_cuda

x = torch.randn(3, 4)
x_gpu = x.to(device)                    # 张量不是原地移动：返回新张量
assert x.device.type == "cpu" and x_gpu.device.type == "cuda"
y = model(x_gpu)
print(y.device, y.shape)
# --8<-- [end:move]

# --8<-- [start:mixed_elementwise]
a = torch.ones(2, device=device)
b = torch.ones(2)
try:
    a + b
except RuntimeError as e:
    assert "Expected all tensors to be on the same device" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("a CUDA tensor plus a CPU tensor should have failed")
# --8<-- [end:mixed_elementwise]

# --8<-- [start:mixed_module]
try:
    model(x)                            # 模型在 GPU 上，输入还在 CPU 上
except RuntimeError as e:
    assert "Expected all tensors to be on the same device" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("a CUDA model fed a CPU tensor should have failed")
# --8<-- [end:mixed_module]

# --8<-- [start:non_leaf]
w = torch.rand(3, requires_grad=True)
w_gpu = w.cuda()                        # 复制操作的结果：不是叶子张量
assert w.is_leaf and not w_gpu.is_leaf
print(w_gpu.grad_fn.name())
w_gpu.sum().backward()
assert w.grad is not None               # 梯度流回了 CPU 上的叶子
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    assert w_gpu.grad is None           # 非叶子张量的 .grad 不保存，并且会警告
message = str(caught[0].message)
assert "not a leaf Tensor" in message
# 只打印第一句
print(f"{caught[0].category.__name__}: {message.split('. ')[0]}.")

v = torch.rand(3, device=device, requires_grad=True)   # 直接在 GPU 上创建：是叶子
assert v.is_leaf
# 先移动、再 requires_grad_()：也是叶子
u = torch.rand(3).to(device).requires_grad_()
assert u.is_leaf
# --8<-- [end:non_leaf]

# --8<-- [start:pinned]
data = TensorDataset(torch.arange(8, dtype=torch.float32).view(4, 2))
loader = DataLoader(data, batch_size=2, pin_memory=True)
for (batch,) in loader:
    assert batch.is_pinned()            # 锁页内存：可以异步拷贝到 GPU
    on_gpu = batch.to(device, non_blocking=True)
# CPU→GPU：后续 GPU 运算自动排在拷贝之后，.tolist() 也会等拷贝完成，不用手动同步
print(on_gpu.device, on_gpu.tolist())

back = on_gpu.to("cpu", non_blocking=True)   # GPU→CPU 的异步拷贝
# GPU→CPU 的异步拷贝要手动同步（计时也要）：读 back 之前先等拷贝完成
torch.cuda.synchronize()
assert back.tolist() == batch.tolist()
# --8<-- [end:pinned]
