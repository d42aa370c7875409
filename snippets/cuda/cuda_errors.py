"""CUDA error 报错：异步报告、invalid device ordinal、CUDA_VISIBLE_DEVICES 的时机、越界下标。"""
# --8<-- [start:accelerator_error]
import torch

# 较新的 torch 把 CUDA 报错抛成 torch.AcceleratorError
err = torch.AcceleratorError
print("是 RuntimeError 的子类:", issubclass(err, RuntimeError))
# --8<-- [end:accelerator_error]

# --8<-- [start:lazy_init]
import torch

# import torch 不会初始化 CUDA
print("import 之后:        ", torch.cuda.is_initialized())
available = torch.cuda.is_available()
print("is_available() 之后:", torch.cuda.is_initialized())
assert not torch.cuda.is_initialized()  # check
if available:
    torch.zeros(1, device="cuda")       # 第一次用到 GPU，CUDA 在这里初始化
    print("用过 GPU 之后:      ", torch.cuda.is_initialized())
    assert torch.cuda.is_initialized()  # check
# --8<-- [end:lazy_init]

# --8<-- [start:pick_device]
import torch

want = 1                        # 代码原本是为两块 GPU 的机器写的
n = torch.cuda.device_count()
if want < n:
    device = f"cuda:{want}"
elif n > 0:
    device = "cuda:0"
else:
    device = "cpu"
print("device_count():", n, "| 使用:", device)
# --8<-- [end:pick_device]

# --8<-- [start:index_on_cpu]
import torch

x = torch.arange(5.0)
idx = torch.tensor([0, 2, 5])   # 合法的下标是 0 到 4
# 在 GPU 上出错的同一步，放到 CPU 上重跑，报错会指出越界的值
x[idx]  # raises: IndexError: index 5 is out of bounds for dimension 0 with size 5
# --8<-- [end:index_on_cpu]

# --8<-- [start:visible_devices_too_late]
# requires: cuda
import os

import torch

torch.zeros(1, device="cuda")             # CUDA 在这里初始化
n = torch.cuda.device_count()
os.environ["CUDA_VISIBLE_DEVICES"] = ""   # 太晚了：本进程已经初始化过 CUDA
print("之前:", n, "| 之后:", torch.cuda.device_count())
print("GPU 仍然可用:", torch.ones(2, device="cuda").device)
assert torch.cuda.device_count() == n  # check
# --8<-- [end:visible_devices_too_late]

# --8<-- [start:invalid_ordinal]
# requires: cuda
import torch

n = torch.cuda.device_count()
print("device_count():", n)
# 合法的序号是 0 到 n-1，cuda:n 不存在
torch.zeros(1, device=f"cuda:{n}")  # raises: AcceleratorError: invalid device ordinal
# --8<-- [end:invalid_ordinal]
