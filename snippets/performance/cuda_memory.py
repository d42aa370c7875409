# requires: cuda
"""显存：memory_allocated 与 memory_reserved、峰值、empty_cache 释放什么、nvidia-smi 的数字、
expandable_segments、out of memory 报错、累加 loss 让计算图占着显存。"""
# timeout: 60
# --8<-- [start:allocated_reserved]
import torch

MiB = 2**20
x = torch.empty(1000, device="cuda")    # 1000 个 float32：4000 字节
print("x.nbytes:", x.nbytes)
print("allocated:", torch.cuda.memory_allocated())
print("reserved (MiB):", torch.cuda.memory_reserved() / MiB)
assert torch.cuda.memory_allocated() == 4096  # check
assert torch.cuda.memory_reserved() == 2 * MiB  # check
del x
# 张量没了，分配器留着这块显存
print("del 之后 allocated:", torch.cuda.memory_allocated())
print("del 之后 reserved (MiB):", torch.cuda.memory_reserved() / MiB)
assert torch.cuda.memory_allocated() == 0  # check
assert torch.cuda.memory_reserved() == 2 * MiB  # check
# --8<-- [end:allocated_reserved]

# --8<-- [start:rounding]
import torch

print("请求的字节数  allocated 增加")
for n in [1, 4, 512, 513, 4000]:
    before = torch.cuda.memory_allocated()
    t = torch.empty(n, dtype=torch.uint8, device="cuda")
    grown = torch.cuda.memory_allocated() - before
    print(f"{n:12d}  {grown:14d}")
    assert grown == 512 * ((n + 511) // 512)  # check
    del t
# --8<-- [end:rounding]

# --8<-- [start:peak]
import torch

MiB = 2**20
x = torch.ones(2**20, device="cuda")    # 2**20 个 float32：4 MiB
y = x * 2                               # 又一个 4 MiB
del y
print("allocated (MiB):", torch.cuda.memory_allocated() / MiB)
print("峰值 (MiB):", torch.cuda.max_memory_allocated() / MiB)
print("reserved (MiB):", torch.cuda.memory_reserved() / MiB)
assert torch.cuda.memory_allocated() == 4 * MiB  # check
assert torch.cuda.max_memory_allocated() == 8 * MiB  # check
assert torch.cuda.memory_reserved() == 20 * MiB  # check
# 从这里重新记峰值，例如每个训练步开始时
torch.cuda.reset_peak_memory_stats()
print("重置后的峰值 (MiB):", torch.cuda.max_memory_allocated() / MiB)
assert torch.cuda.max_memory_allocated() == 4 * MiB  # check
# --8<-- [end:peak]

# --8<-- [start:empty_cache]
import torch

MiB = 2**20
x = torch.empty(256 * MiB, dtype=torch.uint8, device="cuda")
del x
print("del 之后 allocated (MiB):", torch.cuda.memory_allocated() / MiB)
print("del 之后 reserved (MiB):", torch.cuda.memory_reserved() / MiB)
assert torch.cuda.memory_reserved() == 256 * MiB  # check
torch.cuda.empty_cache()
print("empty_cache 之后 reserved (MiB):", torch.cuda.memory_reserved() / MiB)
assert torch.cuda.memory_reserved() == 0  # check
# --8<-- [end:empty_cache]

# --8<-- [start:empty_cache_split]
import torch

a = torch.empty(1000, device="cuda")
b = torch.empty(1000, device="cuda")    # 和 a 在同一个 2 MiB 的段里
del b
torch.cuda.empty_cache()
print("a 还活着，a.nbytes:", a.nbytes)
print("allocated:", torch.cuda.memory_allocated())
print("reserved (MiB):", torch.cuda.memory_reserved() / 2**20)
assert torch.cuda.memory_allocated() == 4096  # check
assert torch.cuda.memory_reserved() == 2 * 2**20  # check
# --8<-- [end:empty_cache_split]

# --8<-- [start:device_used]
import torch

MiB = 2**20
x = torch.empty(256 * MiB, dtype=torch.uint8, device="cuda")
del x
# 驱动报告的整块 GPU 的空闲量与总量，nvidia-smi 看的是同一类数字
free, total = torch.cuda.mem_get_info()
reserved = torch.cuda.memory_reserved()
print("allocated (MiB):", torch.cuda.memory_allocated() / MiB)
print("reserved (MiB):", reserved / MiB)
print("GPU 上已用的比 reserved 多:", total - free > reserved)
assert reserved == 256 * MiB  # check
# --8<-- [end:device_used]

# --8<-- [start:expandable_segments]
import os
import subprocess
import sys

# 子进程：先要 12 MiB，释放，再要 14 MiB（批次变大了一点）
child = """
import torch
a = torch.empty(12 * 2**20, dtype=torch.uint8, device="cuda")
del a
b = torch.empty(14 * 2**20, dtype=torch.uint8, device="cuda")
print(torch.cuda.memory_reserved() / 2**20)
"""
reserved = {}
for setting in ["expandable_segments:False", "expandable_segments:True"]:
    # 环境变量在启动进程时给定
    env = dict(os.environ, PYTORCH_CUDA_ALLOC_CONF=setting)
    env.pop("PYTORCH_ALLOC_CONF", None)   # 新名字：已设置的话先去掉
    result = subprocess.run([sys.executable, "-c", child], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr  # check
    reserved[setting] = float(result.stdout)
    print(f"{setting:26s} reserved {reserved[setting]} MiB")
assert reserved["expandable_segments:False"] == 26  # check
assert reserved["expandable_segments:True"] < 26  # check
# --8<-- [end:expandable_segments]

# --8<-- [start:oom]
import torch

try:
    # 2**40 字节 = 1 TiB：比任何一块 GPU 的显存都大
    torch.empty(2**40, dtype=torch.uint8, device="cuda")
except torch.OutOfMemoryError as error:
    kind, message = type(error), str(error)
print("异常类型:", f"{kind.__module__}.{kind.__name__}")
print("也是 RuntimeError:", issubclass(kind, RuntimeError))
# 消息的前两句；后面是随机器和进程变化的数字
print("消息开头:", ". ".join(message.split(". ")[:2]) + ".")
print("提示 expandable_segments:", "expandable_segments:True" in message)
print("失败后 allocated:", torch.cuda.memory_allocated())
assert torch.cuda.memory_allocated() == 0  # check
assert message.startswith("CUDA out of memory. Tried to allocate 1024.00 GiB.")  # check
assert "is reserved by PyTorch but unallocated" in message  # check
# --8<-- [end:oom]

# --8<-- [start:graph_leak]
import torch

MiB = 2**20


def grown_mib(use_item):
    """20 步验证循环（忘了 no_grad）之后，比循环前多占多少显存。"""
    w = torch.ones(2**18, device="cuda", requires_grad=True)   # 1 MiB
    start = torch.cuda.memory_allocated()
    total = 0
    for _ in range(20):
        x = torch.ones(2**18, device="cuda")                   # 每步 1 MiB
        loss = (x * w).sin().sum()
        total += loss.item() if use_item else loss
    return (torch.cuda.memory_allocated() - start) / MiB


leak, no_leak = grown_mib(False), grown_mib(True)
print(f"total += loss:        多占 {leak:.1f} MiB")
print(f"total += loss.item(): 多占 {no_leak:.1f} MiB")
assert abs(leak - 40) < 0.01 and abs(no_leak - 2) < 0.01  # check
# --8<-- [end:graph_leak]
