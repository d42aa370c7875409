"""显存：memory_allocated 与 memory_reserved、峰值、empty_cache 释放什么、nvidia-smi 的数字、
expandable_segments、out of memory 报错、累加 loss 让计算图占着显存；
CPU 内存（主内存）：张量占多少字节、进程的 RSS、profiler 的 profile_memory。"""
# timeout: 60
# --8<-- [start:allocated_reserved]
# requires: cuda
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
# requires: cuda
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
# requires: cuda
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
# requires: cuda
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
# requires: cuda
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
# requires: cuda
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
# requires: cuda
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
# requires: cuda
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
# requires: cuda
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

# --8<-- [start:host_tensor_bytes]
import torch


def storage_bytes(tensors):
    """这些张量的存储一共多少字节；共享的存储只算一次。"""
    sizes = {t.untyped_storage().data_ptr(): t.untyped_storage().nbytes()
             for t in tensors}
    return sum(sizes.values())


x = torch.zeros(1000)                   # 1000 个 float32
v = x[:10]                              # 视图：和 x 共享存储
print("x:", x.element_size() * x.nelement(), "字节")
print("v 自己的元素:", v.nbytes, "字节")
print("v 的存储:", v.untyped_storage().nbytes(), "字节")
print("x 和 v 一共占:", storage_bytes([x, v]), "字节")
assert x.nbytes == x.element_size() * x.nelement()  # check
del x
# x 没了，v 仍让整块存储活着；clone() 只复制这 10 个元素
print("只剩 v:", storage_bytes([v]), "字节")
print("v.clone():", storage_bytes([v.clone()]), "字节")
# CUDA 的统计不计 CPU 上的张量
print("torch.cuda.memory_allocated():", torch.cuda.memory_allocated())
assert not [n for n in dir(torch.cpu) if "mem" in n.lower()]  # check
# --8<-- [end:host_tensor_bytes]

# --8<-- [start:host_rss]
import resource

import torch

MiB = 2**20


def rss():
    """当前的常驻内存（RSS），字节。只能在 Linux 上用。"""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024   # 单位是 kB（1024 字节）


def peak_rss():
    """进程开始以来 RSS 的最大值，字节。Linux 上 ru_maxrss 的单位是 KiB。"""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def grew(start, now, size):
    """RSS 增加了几个张量的大小。只分三档：别的分配也会让 RSS 变一点。"""
    ratio = (now - start) / size
    if ratio < 0.3:
        return "约 0 个"
    return "约 1 个" if 0.8 < ratio < 1.3 else "其他数目的"


print("只导入了 torch，RSS 已超过 100 MiB:", rss() > 100 * MiB)
before, peak_before = rss(), peak_rss()
x = torch.empty(64 * MiB)               # 64 Mi 个 float32
size = x.nbytes                         # 256 MiB
print(f"empty 之后，RSS 增加了{grew(before, rss(), size)}张量的大小")
x.fill_(1)                              # 写一遍，内存页才真正占上
print(f"fill_ 之后，RSS 增加了{grew(before, rss(), size)}张量的大小")
print(f"峰值增加了{grew(peak_before, peak_rss(), size)}张量的大小")
del x
print(f"del 之后，RSS 增加了{grew(before, rss(), size)}张量的大小")
# --8<-- [end:host_rss]

# --8<-- [start:host_profiler]
import os
import re

os.environ["KINETO_LOG_LEVEL"] = "6"   # 关掉 profiler 写到 stderr 的日志
import torch
from torch.profiler import ProfilerActivity, profile

with profile(activities=[ProfilerActivity.CPU], profile_memory=True,
             acc_events=True) as prof:
    x = torch.ones(1000, 1000)         # 4000000 字节
    y = x + x                          # 又一个 4000000 字节
    del y

events = prof.key_averages()
by_name = {e.key: e for e in events}
print("x.nbytes:", x.nbytes)
assert by_name["aten::ones"].cpu_memory_usage == x.nbytes  # check
for name in ("aten::ones", "aten::empty", "aten::add", "[memory]"):
    e = by_name[name]
    print(f"{name:12s} CPU Mem {e.cpu_memory_usage:9d}"
          f"  Self CPU Mem {e.self_cpu_memory_usage:9d}")
table = events.table(sort_by="self_cpu_memory_usage", row_limit=5)
header = table.splitlines()[1]         # 第 0 行是横线
print("表的列:", re.split(r"\s{2,}", header.strip()))
# --8<-- [end:host_profiler]
