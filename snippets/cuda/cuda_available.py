"""torch.cuda.is_available 与版本信息：CPU 和 GPU 上都能运行，输出随环境而不同。"""
# --8<-- [start:imports]
import torch
import torch.nn as nn
# --8<-- [end:imports]

# --8<-- [start:versions]
print("torch.__version__:             ", torch.__version__)
# 构建 wheel 时用的 CUDA 运行时
print("torch.version.cuda:            ", torch.version.cuda)
print("torch.backends.cudnn.version():", torch.backends.cudnn.version())
print("torch.cuda.is_available():     ", torch.cuda.is_available())
print("torch.cuda.device_count():     ", torch.cuda.device_count())

if "+cpu" in torch.__version__:         # 版本号里的 +cpu：CPU 版的 wheel
    assert torch.version.cuda is None
if torch.version.cuda is None:          # CPU 版的 torch：永远不会有 CUDA
    assert not torch.cuda.is_available()
    assert torch.cuda.device_count() == 0
    assert torch.backends.cudnn.version() is None
if torch.cuda.is_available():           # 有可见的 GPU，那一定是 CUDA 版的 torch
    assert torch.version.cuda is not None
    assert torch.cuda.device_count() >= 1
# --8<-- [end:versions]

# --8<-- [start:device_info]
if torch.cuda.is_available():
    for i in range(torch.cuda.device_count()):
        major, minor = torch.cuda.get_device_capability(i)
        print(f"cuda:{i}", torch.cuda.get_device_name(i), f"capability {major}.{minor}")
    assert torch.cuda.current_device() == 0
else:
    print("no CUDA device visible")
# --8<-- [end:device_info]

# --8<-- [start:choose_device]
device = "cuda" if torch.cuda.is_available() else "cpu"

torch.manual_seed(0)
model = nn.Linear(3, 2)
assert model.to(device) is model        # Module.to 原地移动，返回模块自己

x = torch.randn(4, 3)
x_dev = x.to(device)                    # Tensor.to 返回张量；必须接住返回值
assert x.device.type == "cpu"           # 原张量不动
assert x_dev.device.type == device
assert (x_dev is x) == (device == "cpu")   # 已在目标设备上时，返回的就是它自己

y = model(x_dev)
assert y.device.type == device and model.weight.device.type == device
print("device:", device, "| model:", model.weight.device, "| output:", y.device)
# --8<-- [end:choose_device]

# --8<-- [start:device_errors]
if torch.cuda.is_available():
    try:
        model(x)                        # 模型在 GPU 上，x 还在 CPU 上
    except RuntimeError as e:
        assert "Expected all tensors to be on the same device" in str(e)
        print(f"{type(e).__name__}: {e}")
    else:
        raise AssertionError("a CUDA model fed a CPU tensor should have failed")
else:
    attempts = {                        # 没有 CUDA 时硬要用 GPU
        'x.to("cuda")': lambda: torch.zeros(2).to("cuda"),
        "x.cuda()": lambda: torch.zeros(2).cuda(),
        'device="cuda"': lambda: torch.zeros(2, device="cuda"),
        "get_device_name(0)": lambda: torch.cuda.get_device_name(0),
    }
    for what, attempt in attempts.items():
        try:
            attempt()
        except (AssertionError, RuntimeError) as e:
            if torch.version.cuda is None:  # CPU 版 torch 的报错
                assert "Torch not compiled with CUDA enabled" in str(e)
            print(f"{what:19} -> {type(e).__name__}: {e}")
        else:
            raise AssertionError(f"{what} should have failed")
# --8<-- [end:device_errors]
