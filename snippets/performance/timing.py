"""测准速度：time.perf_counter、预热、中位数；torch.utils.benchmark.Timer；GPU 上先同步再计时、
CUDA 事件；torch.profiler 按算子汇总。只打印稳定的结果：形状、算子名、次数、留足余量的比较。"""
# timeout: 60
# --8<-- [start:clocks]
import time

for name in ("time", "perf_counter"):
    info = time.get_clock_info(name)
    print(f"time.{name}: 单调={info.monotonic}  会被系统调整={info.adjustable}")
# --8<-- [end:clocks]

# --8<-- [start:manual_timing]
import statistics
import time

import torch

torch.manual_seed(0)
x = torch.randn(200, 64)


def loop():                       # 逐行标准化：200 次 Python 循环
    return torch.stack([(r - r.mean()) / r.std() for r in x])


def vectorized():                 # 一次处理整个矩阵
    return (x - x.mean(dim=1, keepdim=True)) / x.std(dim=1, keepdim=True)


def measure(fn, warmup=3, repeat=20):
    for _ in range(warmup):       # 预热：不计时
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)   # 中位数，不受偶尔的慢一次影响


print("结果相同:", torch.allclose(loop(), vectorized(), atol=1e-6))
t_loop, t_vec = measure(loop), measure(vectorized)
print("向量化写法至少快 10 倍:", t_loop > 10 * t_vec)
# --8<-- [end:manual_timing]

# --8<-- [start:timer_compare]
import torch
from torch.utils import benchmark

torch.manual_seed(0)
x = torch.randn(200, 64)
stmts = {
    "loop": "torch.stack([(r - r.mean()) / r.std() for r in x])",
    "vectorized": "(x - x.mean(1, keepdim=True)) / x.std(1, keepdim=True)",
}
m = {}
for name, stmt in stmts.items():
    # stmt 是字符串；它用到的名字放进 globals（torch 会自动放进去）
    timer = benchmark.Timer(stmt=stmt, globals={"x": x})
    m[name] = timer.blocked_autorange(min_run_time=0.1)
    assert m[name].times == [t / m[name].number_per_run for t in m[name].raw_times]  # check
    q = torch.tensor(m[name].times, dtype=torch.float64).quantile(  # check
        torch.tensor([0.25, 0.5, 0.75], dtype=torch.float64)).tolist()
    assert abs(m[name].median - q[1]) <= 1e-12 * q[1]  # check
    assert abs(m[name].iqr - (q[2] - q[0])) <= 1e-9 * q[1]  # check
    assert m[name].has_warnings == (m[name].iqr / m[name].median >= 0.1)  # check
print("结果类型:", type(m["loop"]).__name__)
print("向量化写法至少快 10 倍:", m["loop"].median > 10 * m["vectorized"].median)
# --8<-- [end:timer_compare]

# --8<-- [start:timer_does]
import torch
from torch.utils import benchmark

calls = []


def f():
    calls.append(torch.get_num_threads())   # 记下每次调用时的线程数


before = torch.get_num_threads()
benchmark.Timer(stmt="f()", globals={"f": f}).timeit(number=100)
print("stmt 执行了:", len(calls), "次（计时的 100 次 + 预热）")
print("执行时的线程数:", set(calls))
calls.clear()
benchmark.Timer(stmt="f()", globals={"f": f}, num_threads=2).timeit(100)
print("num_threads=2 时:", set(calls))
print("之后恢复原来的线程数:", torch.get_num_threads() == before)
# --8<-- [end:timer_does]

# --8<-- [start:timer_no_globals]
import torch
from torch.utils import benchmark

x = torch.randn(64, 64)
print("x 的形状:", tuple(x.shape))
# stmt 在自己的命名空间里运行，看不到上面的 x
benchmark.Timer(stmt="x @ x").timeit(10)  # raises: NameError: name 'x' is not defined
# --8<-- [end:timer_no_globals]

# --8<-- [start:timer_callable]
import torch
from torch.utils import benchmark

x = torch.randn(64, 64)
benchmark.Timer(stmt=lambda: x @ x)  # raises: ValueError: Currently only a `str` stmt is supported
# --8<-- [end:timer_callable]

# --8<-- [start:cuda_first_call]
# requires: cuda
import time

import torch


def timed(fn):
    start = time.perf_counter()
    fn()
    torch.cuda.synchronize()
    return time.perf_counter() - start


def op():
    return torch.ones(1000, device="cuda") * 2


first = timed(op)                     # 包括 CUDA 的初始化
later = min(timed(op) for _ in range(10))
print("第一次调用至少慢 10 倍:", first > 10 * later)
# --8<-- [end:cuda_first_call]

# --8<-- [start:cuda_sync]
# requires: cuda
import time

import torch

x = torch.randn(8192, 8192, device="cuda")
x @ x                                 # 预热
torch.cuda.synchronize()

start = time.perf_counter()
x @ x                                 # 只是把计算提交给 GPU
no_sync = time.perf_counter() - start

start = time.perf_counter()
x @ x
torch.cuda.synchronize()              # 等 GPU 算完
with_sync = time.perf_counter() - start
print("不同步量到的时间不到十分之一:", no_sync < with_sync / 10)
# --8<-- [end:cuda_sync]

# --8<-- [start:cuda_event]
# requires: cuda
import torch

x = torch.randn(4096, 4096, device="cuda")
x @ x                                 # 预热
start = torch.cuda.Event(enable_timing=True)
end = torch.cuda.Event(enable_timing=True)
start.record()                        # 在 GPU 的队列里打时间戳
x @ x
end.record()
end.synchronize()                     # 等 end 之前的计算都完成
ms = start.elapsed_time(end)          # 单位：毫秒
print("elapsed_time 的类型:", type(ms).__name__, " 大于 0:", ms > 0)
# --8<-- [end:cuda_event]

# --8<-- [start:cuda_event_not_done]
# requires: cuda
import torch

x = torch.randn(8192, 8192, device="cuda")
x @ x
torch.cuda.synchronize()
start = torch.cuda.Event(enable_timing=True)
end = torch.cuda.Event(enable_timing=True)
start.record()
for _ in range(10):
    x @ x
end.record()
# 忘了 end.synchronize()：GPU 还在算
start.elapsed_time(end)  # raises: RuntimeError: Both events must be completed
# --8<-- [end:cuda_event_not_done]

# --8<-- [start:cuda_event_no_timing]
# requires: cuda
import torch

start = torch.cuda.Event()            # 默认 enable_timing=False
end = torch.cuda.Event()
start.record()
torch.ones(1000, device="cuda") * 2
end.record()
end.synchronize()
start.elapsed_time(end)  # raises: ValueError: Both events must be created with argument 'enable_timing=True'
# --8<-- [end:cuda_event_no_timing]

# --8<-- [start:profiler_stderr]
import subprocess
import sys

code = """
import torch
with torch.profiler.profile():
    torch.ones(3) + 1
"""
run = subprocess.run([sys.executable, "-c", code],
                     capture_output=True, text=True)
lines = run.stderr.splitlines()
print("stderr 的行数:", len(lines))
print("各行开头:", sorted({line.split(":")[0] for line in lines}))
print("各行结尾:", [line.split("] ")[-1] for line in lines])
assert run.returncode == 0 and run.stdout == ""  # check
# --8<-- [end:profiler_stderr]

# --8<-- [start:profiler_basic]
import os
import re

os.environ["KINETO_LOG_LEVEL"] = "6"   # 关掉 profiler 写到 stderr 的日志
import torch
from torch.profiler import ProfilerActivity, profile, record_function

torch.manual_seed(0)
model = torch.nn.Sequential(
    torch.nn.Linear(256, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
x = torch.randn(64, 256)
model(x)                               # 预热
with profile(activities=[ProfilerActivity.CPU], acc_events=True) as prof:
    for _ in range(3):
        with record_function("forward"):   # 自己起名的一段
            model(x)

events = prof.key_averages()           # 按算子名汇总
by_name = {e.key: e for e in events}
for name in ("forward", "aten::linear", "aten::addmm", "aten::relu"):
    print(f"{name:14s} 调用 {by_name[name].count} 次")
# CPU total 包括调用的子算子，Self CPU 不包括
top = max(events, key=lambda e: e.cpu_time_total)
print("CPU total 最多:", top.key)
print("forward 的 Self CPU 小于 CPU total:",
      top.self_cpu_time_total < top.cpu_time_total)
print("aten::linear 的 CPU total 包括 aten::addmm:",
      by_name["aten::linear"].cpu_time_total
      >= by_name["aten::addmm"].cpu_time_total)
table = events.table(sort_by="cpu_time_total", row_limit=5)
for key in ("self_cpu_time_total", "cuda_time_total", "self_cuda_time_total", "count", "self_cpu_memory_usage"): events.table(sort_by=key)  # check
header = table.splitlines()[1]         # 第 0 行是横线
print("表的列:", re.split(r"\s{2,}", header.strip()))
# --8<-- [end:profiler_basic]

# --8<-- [start:profiler_shapes]
import os

os.environ["KINETO_LOG_LEVEL"] = "6"
import torch
from torch.profiler import ProfilerActivity, profile

model = torch.nn.Sequential(
    torch.nn.Linear(256, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
x = torch.randn(64, 256)
cpu = [ProfilerActivity.CPU]
with profile(activities=cpu, record_shapes=True, acc_events=True) as prof:
    model(x)
# 同一个算子按输入形状分开汇总
for e in prof.key_averages(group_by_input_shape=True):
    if e.key == "aten::addmm":
        print(e.key, e.input_shapes)
# --8<-- [end:profiler_shapes]

# --8<-- [start:profiler_schedule]
import os

os.environ["KINETO_LOG_LEVEL"] = "6"
import torch
from torch.profiler import ProfilerActivity, profile, schedule

model = torch.nn.Sequential(
    torch.nn.Linear(256, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
x = torch.randn(64, 256)
# 第 0 步不记录，第 1 步预热（记录但丢弃），第 2、3 步记录；只做一轮
plan = schedule(wait=1, warmup=1, active=2, repeat=1)
with profile(activities=[ProfilerActivity.CPU], schedule=plan,
             acc_events=True) as prof:
    for step in range(6):
        model(x)
        prof.step()                    # 每步结束时告诉 profiler
calls = {e.key: e.count for e in prof.key_averages()}
print("ProfilerStep* 出现:", calls["ProfilerStep*"], "次")
print("aten::addmm 调用:", calls["aten::addmm"], "次（2 步 × 2 层）")
# --8<-- [end:profiler_schedule]

# --8<-- [start:profiler_cleared]
import os
import warnings

os.environ["KINETO_LOG_LEVEL"] = "6"
import torch
from torch.profiler import ProfilerActivity, profile, schedule

model = torch.nn.Linear(256, 10)
x = torch.randn(64, 256)
plan = schedule(wait=1, warmup=1, active=2)    # repeat=0：一轮接一轮
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with profile(activities=[ProfilerActivity.CPU], schedule=plan) as prof:
        for step in range(5):                  # 第 4 步已是第二轮的 wait
            model(x)
            prof.step()
print("汇总里的事件数:", len(prof.key_averages()))
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:profiler_cleared]

# --8<-- [start:profiler_trace]
import json
import os
import tempfile

os.environ["KINETO_LOG_LEVEL"] = "6"
import torch
from torch.profiler import ProfilerActivity, profile

model = torch.nn.Linear(256, 10)
x = torch.randn(64, 256)
with profile(activities=[ProfilerActivity.CPU], acc_events=True) as prof:
    model(x)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "trace.json")
    prof.export_chrome_trace(path)     # 在 Perfetto 或 chrome://tracing 里打开
    with open(path) as file:
        trace = json.load(file)
# 每次调用一条事件：ts 是开始时间，dur 是时长
addmm = [e for e in trace["traceEvents"] if e.get("name") == "aten::addmm"]
print("aten::addmm 的事件数:", len(addmm))
print("类别:", addmm[0]["cat"], " 有 ts 和 dur:",
      "ts" in addmm[0] and "dur" in addmm[0])
# --8<-- [end:profiler_trace]

# --8<-- [start:profiler_sort_typo]
import os

os.environ["KINETO_LOG_LEVEL"] = "6"
import torch
from torch.profiler import ProfilerActivity, profile

model = torch.nn.Linear(256, 10)
with profile(activities=[ProfilerActivity.CPU], acc_events=True) as prof:
    model(torch.randn(64, 256))
# 列名是 “Self CPU”，排序键却是 self_cpu_time_total
prof.key_averages().table(sort_by="self_cpu_time")  # raises: AttributeError: 'FunctionEventAvg' object has no attribute 'self_cpu_time'
# --8<-- [end:profiler_sort_typo]
