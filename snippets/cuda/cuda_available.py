"""torch.cuda.is_available 与版本信息：CPU 和 GPU 上都能运行，输出随环境而不同。"""
# --8<-- [start:versions]
import torch

print("torch.__version__:             ", torch.__version__)
# 构建 wheel 时用的 CUDA 运行时
print("torch.version.cuda:            ", torch.version.cuda)
print("torch.backends.cudnn.version():", torch.backends.cudnn.version())
print("torch.cuda.is_available():     ", torch.cuda.is_available())
print("torch.cuda.device_count():     ", torch.cuda.device_count())

if "+cpu" in torch.__version__:  # check
    assert torch.version.cuda is None
if torch.version.cuda is None:  # check
    assert not torch.cuda.is_available()
    assert torch.cuda.device_count() == 0
    assert torch.backends.cudnn.version() is None
if torch.cuda.is_available():  # check
    assert torch.version.cuda is not None
    assert torch.cuda.device_count() >= 1
# --8<-- [end:versions]

# --8<-- [start:device_info]
import torch

if torch.cuda.is_available():
    for i in range(torch.cuda.device_count()):
        major, minor = torch.cuda.get_device_capability(i)
        name = torch.cuda.get_device_name(i)
        print(f"cuda:{i}", name, f"capability {major}.{minor}")
    print("current_device():", torch.cuda.current_device())
else:
    print("no CUDA device visible")
# --8<-- [end:device_info]

# --8<-- [start:arch_list]
import torch

# 这个 torch 构建时编进了哪些 GPU 架构的内核
print("get_arch_list():", torch.cuda.get_arch_list())
if torch.cuda.is_available():
    major, minor = torch.cuda.get_device_capability(0)
    print(f"cuda:0 的计算能力: sm_{major}{minor}")
if torch.version.cuda is None:  # check
    assert torch.cuda.get_arch_list() == []
# --8<-- [end:arch_list]

# --8<-- [start:choose_device]
import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"

torch.manual_seed(0)
model = nn.Linear(3, 2)
moved = model.to(device)                # Module.to 原地移动模块
print("Module.to 返回模块自己:", moved is model)

x = torch.randn(4, 3)
x_dev = x.to(device)                    # Tensor.to 返回张量；必须接住返回值
print("x:", x.device, "| x_dev:", x_dev.device)   # 原张量不动
assert (x_dev is x) == (device == "cpu")  # check

y = model(x_dev)
assert y.device.type == device and model.weight.device.type == device  # check
print("device:", device, "| model:", model.weight.device, "| output:", y.device)
# --8<-- [end:choose_device]

# --8<-- [start:current_device]
import torch

# 不带序号：指“当前设备”，用到时才定下是哪块 GPU
cur = torch.device("cuda")
print(repr(cur), "| index:", cur.index)
# 带序号：总是指 cuda:1
one = torch.device("cuda:1")
print(repr(one), "| index:", one.index)
print("cuda:1 == ('cuda', 1):", one == torch.device("cuda", 1))
print("cuda == cuda:0:", cur == torch.device("cuda:0"))
assert cur.index is None and one.index == 1  # check
# --8<-- [end:current_device]

# --8<-- [start:no_cuda_to]
# requires: cpu_build
import torch

x = torch.zeros(2)
x.to("cuda")  # raises: AssertionError: Torch not compiled with CUDA enabled
# --8<-- [end:no_cuda_to]

# --8<-- [start:no_cuda_cuda]
# requires: cpu_build
import torch

x = torch.zeros(2)
x.cuda()  # raises: AssertionError: Torch not compiled with CUDA enabled
# --8<-- [end:no_cuda_cuda]

# --8<-- [start:no_cuda_create]
# requires: cpu_build
import torch

torch.zeros(2, device="cuda")  # raises: AssertionError: Torch not compiled with CUDA enabled
# --8<-- [end:no_cuda_create]

# --8<-- [start:no_cuda_device_name]
# requires: cpu_build
import torch

torch.cuda.get_device_name(0)  # raises: AssertionError: Torch not compiled with CUDA enabled
# --8<-- [end:no_cuda_device_name]
