"""float32 矩阵乘法的内部精度：set_float32_matmul_precision、TF32 开关与 fp32_precision。"""
# --8<-- [start:defaults]
import torch

print("matmul 精度:           ", torch.get_float32_matmul_precision())
print("cuda.matmul.allow_tf32:", torch.backends.cuda.matmul.allow_tf32)
print("cudnn.allow_tf32:      ", torch.backends.cudnn.allow_tf32)
# --8<-- [end:defaults]

# --8<-- [start:levels]
import torch

matmul = torch.backends.cuda.matmul
print("设置     get      allow_tf32  cuda.matmul  mkldnn.matmul")
for level in ["high", "medium", "highest"]:
    torch.set_float32_matmul_precision(level)
    print(f"{level:8} {torch.get_float32_matmul_precision():8} "
          f"{str(matmul.allow_tf32):11} {matmul.fp32_precision:12} "
          f"{torch.backends.mkldnn.matmul.fp32_precision}")
print("cudnn.allow_tf32 始终是", torch.backends.cudnn.allow_tf32)
# --8<-- [end:levels]

# --8<-- [start:allow_tf32_flag]
import torch

torch.backends.cuda.matmul.allow_tf32 = True     # 旧写法
print("allow_tf32 = True  ->", torch.get_float32_matmul_precision())
torch.backends.cuda.matmul.allow_tf32 = False
print("allow_tf32 = False ->", torch.get_float32_matmul_precision())
# --8<-- [end:allow_tf32_flag]

# --8<-- [start:invalid_value]
import warnings

import torch

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.set_float32_matmul_precision("tf32")   # 不是三个合法值之一
# 去掉警告末尾随安装而变的 "(Triggered internally at ...)"
message = str(caught[0].message).split(" (Triggered internally")[0]
print(f"{caught[0].category.__name__}: {message}")
print("设置没有变:", torch.get_float32_matmul_precision())
assert caught[0].category is UserWarning and len(caught) == 1  # check
with warnings.catch_warnings(record=True) as upper:  # check
    warnings.simplefilter("always")
    torch.set_float32_matmul_precision("HIGH")
assert len(upper) == 1 and str(upper[0].message).startswith("HIGH is not")  # check
assert torch.get_float32_matmul_precision() == "highest"  # check
# --8<-- [end:invalid_value]

# --8<-- [start:tf32_rounding]
import torch


def round_to_tf32(x):
    """模拟 TF32：把 float32 的 23 位尾数就近舍入到 10 位。"""
    bits = x.view(torch.int32)
    return ((bits + 0x1000) & -0x2000).view(torch.float32)


x = torch.tensor([1.0001, 3.14159265, 0.1, 1e30])
print("float32       TF32（模拟）")
for before, after in zip(x.tolist(), round_to_tf32(x).tolist()):
    print(f"{before:<13.7g} {after:.7g}")
print("float32 eps:", torch.finfo(torch.float32).eps, " TF32 eps:", 2**-10)
assert torch.finfo(torch.float32).eps == 2**-23  # check
assert round_to_tf32(torch.tensor(1.0001)).item() == 1.0  # check
# --8<-- [end:tf32_rounding]

# --8<-- [start:tf32_matmul]
import math

import torch


def round_to_tf32(x):
    """模拟 TF32：把 float32 的 23 位尾数就近舍入到 10 位。"""
    bits = x.view(torch.int32)
    return ((bits + 0x1000) & -0x2000).view(torch.float32)


def relative_error(result, exact):
    return ((result.double() - exact).abs().max() / exact.abs().mean()).item()


torch.manual_seed(0)
a, b = torch.randn(256, 256), torch.randn(256, 256)
exact = a.double() @ b.double()                       # float64 作参照
fp32 = relative_error(a @ b, exact)
tf32 = relative_error(round_to_tf32(a) @ round_to_tf32(b), exact)  # 模拟
print("float32 矩阵乘，相对误差的量级:", f"1e{math.floor(math.log10(fp32))}")
print("模拟 TF32，相对误差的量级:     ", f"1e{math.floor(math.log10(tf32))}")
assert 1e-7 < fp32 < 1e-5 and 1e-3 < tf32 < 1e-2  # check
# --8<-- [end:tf32_matmul]

# --8<-- [start:new_api]
import torch

backends = torch.backends
print("fp32_precision:              ", backends.fp32_precision)
print("cuda.matmul.fp32_precision:  ", backends.cuda.matmul.fp32_precision)
print("cudnn.conv.fp32_precision:   ", backends.cudnn.conv.fp32_precision)
print("cudnn.rnn.fp32_precision:    ", backends.cudnn.rnn.fp32_precision)
print("mkldnn.matmul.fp32_precision:", backends.mkldnn.matmul.fp32_precision)
backends.cuda.matmul.fp32_precision = "tf32"          # 只用新接口
print("设置后 cuda.matmul:", backends.cuda.matmul.fp32_precision)
# --8<-- [end:new_api]

# --8<-- [start:mix_matmul]
import torch

torch.backends.cuda.matmul.fp32_precision = "tf32"    # 新接口
try:  # check
    torch.backends.cuda.matmul.allow_tf32
    raise AssertionError("reading allow_tf32 should fail after mixing")
except RuntimeError:
    pass
torch.get_float32_matmul_precision()                  # 旧接口读取  # raises: RuntimeError: PyTorch is checking the matmul precision without a specific backend name
# --8<-- [end:mix_matmul]

# --8<-- [start:mix_cudnn]
import torch

torch.backends.cudnn.conv.fp32_precision = "ieee"     # 新接口：卷积关掉 TF32
torch.backends.cudnn.allow_tf32                       # 旧接口读取  # raises: RuntimeError: PyTorch is checking whether allow_tf32 is enabled for cuDNN without a specific operator name
# --8<-- [end:mix_cudnn]
