"""DistributedDataParallel 在 CPU 上用 gloo：两个真实进程里的梯度全归约、no_sync 梯度累加、
find_unused_parameters、rank 0 保存与 module. 前缀、SyncBatchNorm、batch_size 是每个进程的；
端口被占用（EADDRINUSE）；torchrun 的 ChildFailedError、@record 与 exitcode -9；
集合通信不匹配时卡住到超时、各 rank 批数不同与 join、TORCH_DISTRIBUTED_DEBUG=DETAIL；
nn.DataParallel 在没有 GPU 时只包一层、多卡时 replica 报错的读法。"""
# timeout: 60
# --8<-- [start:allreduce]
import os
import sys
import tempfile
import traceback
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

WORLD_SIZE = 2
os.environ["GLOO_SOCKET_IFNAME"] = "lo"        # 只用本机回环网卡

X = torch.arange(24.0).view(8, 3) / 10         # 8 个样本
Y = torch.arange(8.0).view(8, 1)


def train_step():
    """在每个 rank 里运行：包装模型，取本进程的一批，backward，更新一步。"""
    torch.manual_seed(dist.get_rank())         # 故意让两个进程的初值不同
    model = nn.Linear(3, 1)
    before = model.weight.flatten().tolist()
    ddp = DDP(model)                           # 构造时广播 rank 0 的参数
    after = model.weight.flatten().tolist()
    data = TensorDataset(X, Y)
    sampler = DistributedSampler(data, shuffle=False)
    # batch_size 是每个进程的：两个进程一步合计 8 个样本
    x, y = next(iter(DataLoader(data, batch_size=4, sampler=sampler)))
    F.mse_loss(ddp(x), y).backward()           # backward 时全归约梯度
    grad = model.weight.grad.flatten().tolist()
    torch.optim.SGD(ddp.parameters(), lr=0.1).step()
    return dict(samples=list(sampler), before=before, after=after,
                grad=grad, updated=model.weight.flatten().tolist())


def r4(values):
    return [round(v, 4) for v in values]


# 以下是启动两个进程、收回各 rank 结果的通用代码
def rank_main(rank, tmp, fn, queue):
    """子进程：加入进程组，执行 fn，把结果（或错误）交回父进程。"""
    # gloo 的 C++ 日志直接写 fd 2：先记到文件里
    os.dup2(os.open(f"{tmp}/stderr-{rank}", os.O_WRONLY | os.O_CREAT), 2)
    try:
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=rank, world_size=WORLD_SIZE,
                                timeout=timedelta(seconds=30))
        try:
            queue.put((rank, None, fn()))
        finally:
            dist.destroy_process_group()        # 无论成败都销毁进程组
    except BaseException:
        queue.put((rank, traceback.format_exc(), None))


def launch(fn):
    """fork 两个进程，组成 gloo 进程组，各自执行 fn()；按 rank 返回结果。"""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    with tempfile.TemporaryDirectory() as tmp:
        procs = [ctx.Process(target=rank_main, args=(r, tmp, fn, queue))
                 for r in range(WORLD_SIZE)]
        for p in procs:
            p.start()
        results = {}
        try:
            for _ in range(WORLD_SIZE):
                rank, error, value = queue.get(timeout=30)
                if error and "Gloo connectFullMesh failed" in error:
                    raise ConnectionError(f"rank {rank}:\n{error}")
                if error:
                    raise RuntimeError(f"rank {rank} failed:\n{error}")
                results[rank] = value
        finally:
            # 出错时另一个 rank 可能还在等：不必等它超时
            done = len(results) == WORLD_SIZE
            for p in procs:
                p.join(timeout=10 if done else 0)
                if p.is_alive():
                    p.kill()
                    p.join()
        for r in range(WORLD_SIZE):        # 转述子进程的 stderr（例如警告）
            with open(f"{tmp}/stderr-{r}") as f:
                sys.stderr.write(f.read())
    return [results[r] for r in range(WORLD_SIZE)]


def run_on_two_ranks(fn, attempts=3):
    # gloo 组网偶尔失败（"Gloo connectFullMesh failed"）：只对这种错误整组重来
    for attempt in range(attempts):
        try:
            return launch(fn)
        except ConnectionError:
            if attempt == attempts - 1:
                raise


r0, r1 = run_on_two_ranks(train_step)
for rank, r in enumerate((r0, r1)):
    print(f"rank {rank}  样本 {r['samples']}  构造前 w {r4(r['before'])}"
          f"  构造后 w {r4(r['after'])}")
print("rank 0 的梯度:", r4(r0["grad"]))
print("rank 1 的梯度:", r4(r1["grad"]), " 相同:", r0["grad"] == r1["grad"])
print("更新一步后参数相同:", r0["updated"] == r1["updated"])

torch.manual_seed(0)                           # 对照：单进程，rank 0 的初值
single = nn.Linear(3, 1)
F.mse_loss(single(X), Y).backward()            # 8 个样本一起算
print("单进程 8 个样本的梯度:", r4(single.weight.grad.flatten().tolist()))
assert torch.allclose(torch.tensor(r0["grad"]), single.weight.grad.flatten())  # check
assert r0["after"] == r1["after"] == r0["before"] != r1["before"]  # check
assert r0["samples"] == [0, 2, 4, 6] and r1["samples"] == [1, 3, 5, 7]  # check
local = [torch.autograd.grad(F.mse_loss(single(X[r::2]), Y[r::2]),  # check
                             single.weight)[0] for r in range(2)]
assert torch.allclose((local[0] + local[1]).flatten() / 2,  # check
                      torch.tensor(r1["grad"]))
# --8<-- [end:allreduce]

# --8<-- [start:no_sync]
import os
import sys
import tempfile
import traceback
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

WORLD_SIZE = 2
os.environ["GLOO_SOCKET_IFNAME"] = "lo"        # 只用本机回环网卡

X = torch.arange(24.0).view(8, 3) / 10         # 8 个样本
Y = torch.arange(8.0).view(8, 1)
STEPS = 2                                      # 每次更新累加 2 个小批次


def accumulate():
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    ddp = DDP(model)
    data = TensorDataset(X, Y)
    loader = DataLoader(data, batch_size=2,
                        sampler=DistributedSampler(data, shuffle=False))
    (x0, y0), (x1, y1) = list(loader)          # 本进程的 2 个小批次
    with ddp.no_sync():                        # forward 也要在里面
        (F.mse_loss(ddp(x0), y0) / STEPS).backward()
    inside = model.weight.grad.flatten().tolist()
    (F.mse_loss(ddp(x1), y1) / STEPS).backward()   # 这一次才全归约
    final = model.weight.grad.flatten().tolist()

    ddp.zero_grad()                            # 对照：每次都同步
    (F.mse_loss(ddp(x0), y0) / STEPS).backward()
    synced_first = model.weight.grad.flatten().tolist()
    (F.mse_loss(ddp(x1), y1) / STEPS).backward()
    return dict(inside=inside, final=final, synced_first=synced_first,
                synced=model.weight.grad.flatten().tolist())


def r4(values):
    return [round(v, 4) for v in values]


# 以下是启动两个进程、收回各 rank 结果的通用代码
def rank_main(rank, tmp, fn, queue):
    """子进程：加入进程组，执行 fn，把结果（或错误）交回父进程。"""
    # gloo 的 C++ 日志直接写 fd 2：先记到文件里
    os.dup2(os.open(f"{tmp}/stderr-{rank}", os.O_WRONLY | os.O_CREAT), 2)
    try:
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=rank, world_size=WORLD_SIZE,
                                timeout=timedelta(seconds=30))
        try:
            queue.put((rank, None, fn()))
        finally:
            dist.destroy_process_group()        # 无论成败都销毁进程组
    except BaseException:
        queue.put((rank, traceback.format_exc(), None))


def launch(fn):
    """fork 两个进程，组成 gloo 进程组，各自执行 fn()；按 rank 返回结果。"""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    with tempfile.TemporaryDirectory() as tmp:
        procs = [ctx.Process(target=rank_main, args=(r, tmp, fn, queue))
                 for r in range(WORLD_SIZE)]
        for p in procs:
            p.start()
        results = {}
        try:
            for _ in range(WORLD_SIZE):
                rank, error, value = queue.get(timeout=30)
                if error and "Gloo connectFullMesh failed" in error:
                    raise ConnectionError(f"rank {rank}:\n{error}")
                if error:
                    raise RuntimeError(f"rank {rank} failed:\n{error}")
                results[rank] = value
        finally:
            # 出错时另一个 rank 可能还在等：不必等它超时
            done = len(results) == WORLD_SIZE
            for p in procs:
                p.join(timeout=10 if done else 0)
                if p.is_alive():
                    p.kill()
                    p.join()
        for r in range(WORLD_SIZE):        # 转述子进程的 stderr（例如警告）
            with open(f"{tmp}/stderr-{r}") as f:
                sys.stderr.write(f.read())
    return [results[r] for r in range(WORLD_SIZE)]


def run_on_two_ranks(fn, attempts=3):
    # gloo 组网偶尔失败（"Gloo connectFullMesh failed"）：只对这种错误整组重来
    for attempt in range(attempts):
        try:
            return launch(fn)
        except ConnectionError:
            if attempt == attempts - 1:
                raise


r0, r1 = run_on_two_ranks(accumulate)
print("no_sync 里 backward 后  rank 0:", r4(r0["inside"]),
      " rank 1:", r4(r1["inside"]), " 相同:", r0["inside"] == r1["inside"])
print("不用 no_sync，第一次 backward 后相同:",
      r0["synced_first"] == r1["synced_first"])
print("退出后再 backward       rank 0:", r4(r0["final"]),
      " rank 1:", r4(r1["final"]), " 相同:", r0["final"] == r1["final"])
print("与每次都同步的结果一致:",
      torch.allclose(torch.tensor(r0["final"]), torch.tensor(r0["synced"])))

torch.manual_seed(0)                           # 对照：单进程 8 个样本
single = nn.Linear(3, 1)
F.mse_loss(single(X), Y).backward()
print("单进程 8 个样本的梯度:", r4(single.weight.grad.flatten().tolist()))
assert torch.allclose(torch.tensor(r0["final"]), single.weight.grad.flatten())  # check
assert r0["inside"] != r1["inside"] and r0["final"] == r1["final"]  # check
assert r0["synced_first"] == r1["synced_first"]  # check
assert r0["synced"] == r1["synced"]  # check
# --8<-- [end:no_sync]

# --8<-- [start:unused_error]
import tempfile

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Linear(2, 1)
        self.aux = nn.Linear(2, 1)             # 注册了，forward 却没用到

    def forward(self, x):
        return self.main(x)


def train(steps):
    with tempfile.TemporaryDirectory() as tmp:
        # 一个进程的进程组（world_size=1）就能复现
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=0, world_size=1)
        try:
            model = DDP(TwoHeads())
            for step in range(steps):
                print("step", step)
                model(torch.ones(4, 2)).sum().backward()
        finally:
            dist.destroy_process_group()


train(steps=2)  # raises: RuntimeError: Expected to have finished reduction in the prior iteration
# --8<-- [end:unused_error]

# --8<-- [start:unused_names]
import tempfile

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Linear(2, 1)
        self.aux = nn.Linear(2, 1)

    def forward(self, x):
        return self.main(x)


def train(steps):
    # 相当于环境变量 TORCH_DISTRIBUTED_DEBUG=INFO
    dist.set_debug_level(dist.DebugLevel.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=0, world_size=1)
        try:
            model = DDP(TwoHeads())
            for step in range(steps):
                model(torch.ones(4, 2)).sum().backward()
        finally:
            dist.destroy_process_group()
            dist.set_debug_level(dist.DebugLevel.OFF)


train(steps=2)  # raises: RuntimeError: Expected to have finished reduction
# --8<-- [end:unused_names]

# --8<-- [start:find_unused]
import tempfile

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Linear(2, 1)
        self.aux = nn.Linear(2, 1)

    def forward(self, x):
        return self.main(x)


with tempfile.TemporaryDirectory() as tmp:
    dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                            rank=0, world_size=1)
    net = TwoHeads()
    model = DDP(net, find_unused_parameters=True)
    for step in range(3):
        model.zero_grad()
        model(torch.ones(4, 2)).sum().backward()
    print("3 步都完成")
    print("main.weight.grad:", net.main.weight.grad)
    print("aux.weight.grad: ", net.aux.weight.grad)
    dist.destroy_process_group()
# --8<-- [end:find_unused]

# --8<-- [start:find_unused_warning]
import os
import tempfile

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP

with tempfile.TemporaryDirectory() as tmp:
    dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                            rank=0, world_size=1)
    model = DDP(nn.Linear(2, 1), find_unused_parameters=True)  # 参数都用到了
    # 这条警告由 C++ 直接写到 stderr（fd 2）：先转到文件里，再读出来
    saved = os.dup(2)
    with open(f"{tmp}/stderr", "w") as log:
        os.dup2(log.fileno(), 2)
        for step in range(3):
            model(torch.ones(4, 2)).sum().backward()
        os.dup2(saved, 2)
    os.close(saved)
    dist.destroy_process_group()
    with open(f"{tmp}/stderr") as log:
        text = log.read()
print("3 步里的警告条数:", text.count("Warning: "))
print(text.split("Warning: ")[1].split(". ")[0] + ".")
# --8<-- [end:find_unused_warning]

# --8<-- [start:save_rank0]
import os
import tempfile

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP


def train_and_save(tmp, path):
    dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                            rank=0, world_size=1)
    model = DDP(nn.Linear(3, 1))
    print("DDP 的键:         ", list(model.state_dict()))
    print("model.module 的键:", list(model.module.state_dict()))
    if dist.get_rank() == 0:                   # 各进程参数相同，存一份就够
        torch.save(model.module.state_dict(), path)
    dist.barrier()                             # 其他进程等它写完再往下走
    dist.destroy_process_group()
    return model.module.weight.detach()


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "model.pt")
    trained = train_and_save(tmp, path)
    plain = nn.Linear(3, 1)                    # 普通模型，不需要进程组
    plain.load_state_dict(torch.load(path, map_location="cpu"))
    print("载入普通模型，权重相同:", torch.equal(plain.weight, trained))
# --8<-- [end:save_rank0]

# --8<-- [start:prefix_error]
import tempfile

import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP


def ddp_state_dict():
    with tempfile.TemporaryDirectory() as tmp:
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=0, world_size=1)
        state = DDP(nn.Linear(3, 1)).state_dict()     # 存错了对象
        dist.destroy_process_group()
    return state


state = ddp_state_dict()
nn.Linear(3, 1).load_state_dict(state)  # raises: RuntimeError: Error(s) in loading state_dict for Linear
# --8<-- [end:prefix_error]

# --8<-- [start:strip_prefix]
import tempfile

import torch.distributed as dist
from torch import nn
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present
from torch.nn.parallel import DistributedDataParallel as DDP


def ddp_state_dict():
    with tempfile.TemporaryDirectory() as tmp:
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=0, world_size=1)
        state = DDP(nn.Linear(3, 1)).state_dict()
        dist.destroy_process_group()
    return state


state = ddp_state_dict()                       # 已经存下的旧文件
print("原来的键:", list(state))
result = consume_prefix_in_state_dict_if_present(state, "module.")  # 原地改
print("返回值:", result)
print("去掉前缀:", list(state))
print(nn.Linear(3, 1).load_state_dict(state))
# --8<-- [end:strip_prefix]

# --8<-- [start:sync_batchnorm]
import torch
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU())
bn = model[1]
bn.running_mean.fill_(0.5)                     # 假装已经训练过
converted = nn.SyncBatchNorm.convert_sync_batchnorm(model)
print(converted)
print("返回原模型对象:", converted is model)
print("weight 是同一个 Parameter:", converted[1].weight is bn.weight)
print("running_mean 保留:", converted[1].running_mean.tolist())
# 没有进程组（或在 eval 模式）时不同步，按普通 BatchNorm 计算
out = converted(torch.ones(2, 3, 5, 5))
print("没有进程组时照常前向:", tuple(out.shape))
assert converted[1].running_var is bn.running_var  # check
assert isinstance(converted[1], nn.SyncBatchNorm)  # check
plain = model[2](bn(model[0](torch.ones(2, 3, 5, 5))))  # check
assert torch.allclose(out, plain)  # check
# --8<-- [end:sync_batchnorm]

# --8<-- [start:sync_batchnorm_cpu]
import tempfile

import torch
import torch.distributed as dist
from torch import nn


def forward_on_cpu():
    with tempfile.TemporaryDirectory() as tmp:
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=0, world_size=1)
        try:
            bn = nn.SyncBatchNorm(4)           # 训练模式
            bn(torch.ones(2, 4, 3, 3))
        finally:
            dist.destroy_process_group()


forward_on_cpu()  # raises: ValueError: SyncBatchNorm expected input tensor to be on GPU
# --8<-- [end:sync_batchnorm_cpu]

# --8<-- [start:no_group]
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP

# 本进程没有 init_process_group
DDP(nn.Linear(3, 1))  # raises: ValueError: Default process group has not been initialized
# --8<-- [end:no_group]

# --8<-- [start:port_in_use]
import os
import socket

import torch.distributed as dist

# 模拟还没退出的旧训练：它占着 torchrun 的默认端口 29500
old = socket.socket()
# 本站测试会同时运行这段代码的几份副本：SO_REUSEPORT 让它们都能占住这个端口
old.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
old.bind(("127.0.0.1", 29500))
old.listen()

os.environ["MASTER_ADDR"] = "127.0.0.1"
os.environ["MASTER_PORT"] = "29500"
dist.init_process_group("gloo", rank=0, world_size=1)  # raises: DistNetworkError: EADDRINUSE
# --8<-- [end:port_in_use]

# --8<-- [start:free_port]
import os
import socket

import torch
import torch.distributed as dist

# 绑定端口 0：操作系统挑一个空闲端口；读出端口号后关掉这个 socket
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]

os.environ["MASTER_ADDR"] = "127.0.0.1"
os.environ["MASTER_PORT"] = str(port)       # 多进程时，把它传给每个进程
dist.init_process_group("gloo", rank=0, world_size=1)
t = torch.ones(3)
dist.all_reduce(t)
print("进程组已初始化:", dist.is_initialized(), " all_reduce:", t.tolist())
dist.destroy_process_group()
assert 0 < port < 65536  # check
# --8<-- [end:free_port]

# --8<-- [start:child_failed]
import re
import subprocess
import sys
import tempfile
from pathlib import Path

TRAIN = """\
with open("data/train.csv") as f:      # 文件不存在：报错
    rows = f.readlines()
"""

with tempfile.TemporaryDirectory() as tmp:
    Path(tmp, "train.py").write_text(TRAIN)
    # 相当于在终端里运行 torchrun --standalone --nproc-per-node=1 train.py
    # （--log-dir 让 torchrun 的日志目录也留在临时目录里）
    run = subprocess.run([sys.executable, "-m", "torch.distributed.run",
                          "--standalone", "--nproc-per-node=1",
                          f"--log-dir={tmp}/logs", f"{tmp}/train.py"],
                         capture_output=True, text=True, cwd=tmp)
print("torchrun 的退出码:", run.returncode)
# stderr 里只挑几行看；时间、主机名、pid 每次都不同，不打印
for line in run.stderr.splitlines():
    if re.match(r"\s*([\w.]+Error|rank |exitcode|traceback)", line):
        print(re.sub(r" \(pid: \d+\)", "", line).rstrip())
# --8<-- [end:child_failed]

# --8<-- [start:child_record]
import re
import subprocess
import sys
import tempfile
from pathlib import Path

TRAIN = """\
from torch.distributed.elastic.multiprocessing.errors import record


@record                                  # 记下 main 里没捕获的异常
def main():
    with open("data/train.csv") as f:
        rows = f.readlines()


if __name__ == "__main__":
    main()
"""

with tempfile.TemporaryDirectory() as tmp:
    Path(tmp, "train.py").write_text(TRAIN)
    run = subprocess.run([sys.executable, "-m", "torch.distributed.run",
                          "--standalone", "--nproc-per-node=1",
                          f"--log-dir={tmp}/logs", f"{tmp}/train.py"],
                         capture_output=True, text=True, cwd=tmp)
# 汇总的后半部分：traceback 一栏现在是 rank 0 的报错
summary = run.stderr.split("Root Cause (first observed failure):")[1]
for line in summary.splitlines():
    if re.match(r"\s*(\w+Error|exitcode|traceback)", line):
        print(re.sub(r" \(pid: \d+\)", "", line).rstrip())
# --8<-- [end:child_record]

# --8<-- [start:child_killed]
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# 用 SIGKILL 杀掉自己，模拟主机内存不够时 Linux 的 OOM killer
TRAIN = """\
import os
import signal

os.kill(os.getpid(), signal.SIGKILL)
"""

with tempfile.TemporaryDirectory() as tmp:
    Path(tmp, "train.py").write_text(TRAIN)
    run = subprocess.run([sys.executable, "-m", "torch.distributed.run",
                          "--standalone", "--nproc-per-node=1",
                          f"--log-dir={tmp}/logs", f"{tmp}/train.py"],
                         capture_output=True, text=True, cwd=tmp)
for line in run.stderr.splitlines():
    if re.match(r"\s*(exitcode|traceback)", line):
        print(re.sub(r" \(pid: \d+\)| by PID \d+", "", line).rstrip())
# --8<-- [end:child_killed]

# --8<-- [start:hang_mismatch]
import os
import re
import tempfile
import traceback
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

WORLD_SIZE = 2
os.environ["GLOO_SOCKET_IFNAME"] = "lo"        # 只用本机回环网卡


def evaluate_wrong():
    correct = torch.tensor(3.0 + dist.get_rank())  # 本 rank 答对的个数
    if dist.get_rank() == 0:                   # 错：只有 rank 0 调用
        dist.all_reduce(correct)
    return f"合计答对 {correct.item():.0f} 个"


def evaluate_right():
    correct = torch.tensor(3.0 + dist.get_rank())
    dist.all_reduce(correct)                   # 每个 rank 都调用
    # 只想打印一次时，把打印（而不是集合通信）放进 if rank == 0
    return f"合计答对 {correct.item():.0f} 个"


# 以下是启动两个进程、收回各 rank 结果的通用代码
def stopped_at(error):
    """报错时停在本文件的哪一行，报错的类型和消息。"""
    here = stopped_at.__code__.co_filename     # 本文件
    frames = traceback.extract_tb(error.__traceback__)
    line = [f.line for f in frames if f.filename == here][-1]
    # gloo 的消息以 "[源文件:行号] " 开头，它随构建而变，不打印
    message = re.sub(r"^\[\S+\] ", "", str(error).splitlines()[0])
    return f"停在 {line}\n          {type(error).__name__}: {message}"


def rank_main(rank, tmp, fn, queue, finished):
    """子进程：加入进程组，执行 fn，把结果（或停在哪里）交回父进程。"""
    # gloo 的 C++ 日志直接写 fd 2：记到文件里
    os.dup2(os.open(f"{tmp}/stderr-{rank}", os.O_WRONLY | os.O_CREAT), 2)
    try:
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=rank, world_size=WORLD_SIZE,
                                timeout=timedelta(seconds=2))  # 故意设得很短
    except Exception:
        queue.put((rank, traceback.format_exc(), None))
        return
    try:
        queue.put((rank, None, fn()))
    except Exception as error:                 # 超时：记下停在哪里
        queue.put((rank, None, stopped_at(error)))
    finally:
        finished.wait()                        # 都结束了才断开连接
        dist.destroy_process_group()


def launch(fn):
    """fork 两个进程，组成 gloo 进程组，各自执行 fn()；按 rank 返回结果。"""
    ctx = mp.get_context("fork")
    queue, finished = ctx.Queue(), ctx.Barrier(WORLD_SIZE)
    with tempfile.TemporaryDirectory() as tmp:
        procs = [ctx.Process(target=rank_main,
                             args=(r, tmp, fn, queue, finished))
                 for r in range(WORLD_SIZE)]
        for p in procs:
            p.start()
        results = {}
        try:
            for _ in range(WORLD_SIZE):
                rank, error, value = queue.get(timeout=30)
                if error and "Gloo connectFullMesh failed" in error:
                    raise ConnectionError(f"rank {rank}:\n{error}")
                if error:
                    raise RuntimeError(f"rank {rank} failed:\n{error}")
                results[rank] = value
        finally:
            done = len(results) == WORLD_SIZE
            for p in procs:
                p.join(timeout=10 if done else 0)
                if p.is_alive():
                    p.kill()
                    p.join()
    return [results[r] for r in range(WORLD_SIZE)]


def run_on_two_ranks(fn, attempts=3):
    # gloo 组网偶尔失败（"Gloo connectFullMesh failed"）：只对这种错误整组重来
    for attempt in range(attempts):
        try:
            return launch(fn)
        except ConnectionError:
            if attempt == attempts - 1:
                raise


for title, fn in [("只有 rank 0 调用 all_reduce", evaluate_wrong),
                  ("每个 rank 都调用", evaluate_right)]:
    print(title + ":")
    for rank, result in enumerate(run_on_two_ranks(fn)):
        print(f"  rank {rank}: {result}")
assert dist.constants.default_pg_timeout == timedelta(minutes=30)  # check
# --8<-- [end:hang_mismatch]

# --8<-- [start:uneven_inputs]
import os
import re
import tempfile
import traceback
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP

WORLD_SIZE = 2
os.environ["GLOO_SOCKET_IFNAME"] = "lo"        # 只用本机回环网卡

X = torch.arange(10.0).view(5, 2)              # 5 个样本


def train(fix=None):
    """手动分片（没用 DistributedSampler）：rank 0 有 3 批，rank 1 有 2 批。"""
    rank = dist.get_rank()
    torch.manual_seed(0)
    model = DDP(nn.Linear(2, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    batches = list(X[rank::WORLD_SIZE].split(1))
    if fix == "same_steps":                    # 都只走各 rank 中最少的步数
        steps = torch.tensor(len(batches))
        dist.all_reduce(steps, op=dist.ReduceOp.MIN)
        batches = batches[:steps.item()]
    with model.join(enable=fix == "join"):     # 先用完数据的 rank 陪着通信
        for x in batches:
            opt.zero_grad()
            # backward 里全归约梯度
            model(x).sum().backward()
            opt.step()
    w = [round(v, 4) for v in model.module.weight.flatten().tolist()]
    return f"做完 {len(batches)} 步，w = {w}"


# 以下是启动两个进程、收回各 rank 结果的通用代码
def stopped_at(error):
    """报错时停在本文件的哪一行，报错的类型和消息。"""
    here = stopped_at.__code__.co_filename     # 本文件
    frames = traceback.extract_tb(error.__traceback__)
    line = [f.line for f in frames if f.filename == here][-1]
    # gloo 的消息以 "[源文件:行号] " 开头，它随构建而变，不打印
    message = re.sub(r"^\[\S+\] ", "", str(error).splitlines()[0])
    return f"停在 {line}\n          {type(error).__name__}: {message}"


def rank_main(rank, tmp, fn, queue, finished):
    """子进程：加入进程组，执行 fn，把结果（或停在哪里）交回父进程。"""
    # gloo 的 C++ 日志直接写 fd 2：记到文件里
    os.dup2(os.open(f"{tmp}/stderr-{rank}", os.O_WRONLY | os.O_CREAT), 2)
    try:
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=rank, world_size=WORLD_SIZE,
                                timeout=timedelta(seconds=2))  # 故意设得很短
    except Exception:
        queue.put((rank, traceback.format_exc(), None))
        return
    try:
        queue.put((rank, None, fn()))
    except Exception as error:                 # 超时：记下停在哪里
        queue.put((rank, None, stopped_at(error)))
    finally:
        finished.wait()                        # 都结束了才断开连接
        dist.destroy_process_group()


def launch(fn):
    """fork 两个进程，组成 gloo 进程组，各自执行 fn()；按 rank 返回结果。"""
    ctx = mp.get_context("fork")
    queue, finished = ctx.Queue(), ctx.Barrier(WORLD_SIZE)
    with tempfile.TemporaryDirectory() as tmp:
        procs = [ctx.Process(target=rank_main,
                             args=(r, tmp, fn, queue, finished))
                 for r in range(WORLD_SIZE)]
        for p in procs:
            p.start()
        results = {}
        try:
            for _ in range(WORLD_SIZE):
                rank, error, value = queue.get(timeout=30)
                if error and "Gloo connectFullMesh failed" in error:
                    raise ConnectionError(f"rank {rank}:\n{error}")
                if error:
                    raise RuntimeError(f"rank {rank} failed:\n{error}")
                results[rank] = value
        finally:
            done = len(results) == WORLD_SIZE
            for p in procs:
                p.join(timeout=10 if done else 0)
                if p.is_alive():
                    p.kill()
                    p.join()
    return [results[r] for r in range(WORLD_SIZE)]


def run_on_two_ranks(fn, attempts=3):
    # gloo 组网偶尔失败（"Gloo connectFullMesh failed"）：只对这种错误整组重来
    for attempt in range(attempts):
        try:
            return launch(fn)
        except ConnectionError:
            if attempt == attempts - 1:
                raise


for title, fix in [("不处理", None), ("用 model.join()", "join"),
                   ("先对齐步数", "same_steps")]:
    print(title + ":")
    for rank, result in enumerate(run_on_two_ranks(lambda: train(fix))):
        print(f"  rank {rank}: {result}")
# --8<-- [end:uneven_inputs]

# --8<-- [start:debug_detail]
import os
import re
import tempfile
import time
import traceback
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

WORLD_SIZE = 2
os.environ["GLOO_SOCKET_IFNAME"] = "lo"        # 只用本机回环网卡


def rank_1_missing():
    if dist.get_rank() == 0:
        dist.all_reduce(torch.ones(3))
    else:
        time.sleep(3)                          # rank 1 卡在别处（例如读数据）
    return "没有报错"


def shapes_differ():
    n = 3 if dist.get_rank() == 0 else 5       # 例如各 rank 的预测个数不同
    dist.all_reduce(torch.ones(n))
    return "没有报错"


# 以下是启动两个进程、收回各 rank 结果的通用代码
def stopped_at(error):
    """报错时停在本文件的哪一行，报错的类型和消息。"""
    here = stopped_at.__code__.co_filename     # 本文件
    frames = traceback.extract_tb(error.__traceback__)
    line = [f.line for f in frames if f.filename == here][-1]
    # gloo 的消息以 "[源文件:行号] " 开头，它随构建而变，不打印
    message = re.sub(r"^\[\S+\] ", "", str(error).splitlines()[0])
    # 不一致的报告很长（列出两边的张量选项）：只留开头和最后的差异
    message = re.sub(r" Rank \d is running .*aspects: +", " ... ", message)
    return f"停在 {line}\n          {type(error).__name__}: {message}"


def rank_main(rank, tmp, fn, queue, finished):
    """子进程：加入进程组，执行 fn，把结果（或停在哪里）交回父进程。"""
    # gloo 的 C++ 日志直接写 fd 2：记到文件里
    os.dup2(os.open(f"{tmp}/stderr-{rank}", os.O_WRONLY | os.O_CREAT), 2)
    try:
        dist.init_process_group("gloo", init_method=f"file://{tmp}/init",
                                rank=rank, world_size=WORLD_SIZE,
                                timeout=timedelta(seconds=2))  # 故意设得很短
    except Exception:
        queue.put((rank, traceback.format_exc(), None))
        return
    try:
        queue.put((rank, None, fn()))
    except Exception as error:                 # 超时：记下停在哪里
        queue.put((rank, None, stopped_at(error)))
    finally:
        finished.wait()                        # 都结束了才断开连接
        dist.destroy_process_group()


def launch(fn):
    """fork 两个进程，组成 gloo 进程组，各自执行 fn()；按 rank 返回结果。"""
    ctx = mp.get_context("fork")
    queue, finished = ctx.Queue(), ctx.Barrier(WORLD_SIZE)
    with tempfile.TemporaryDirectory() as tmp:
        procs = [ctx.Process(target=rank_main,
                             args=(r, tmp, fn, queue, finished))
                 for r in range(WORLD_SIZE)]
        for p in procs:
            p.start()
        results = {}
        try:
            for _ in range(WORLD_SIZE):
                rank, error, value = queue.get(timeout=30)
                if error and "Gloo connectFullMesh failed" in error:
                    raise ConnectionError(f"rank {rank}:\n{error}")
                if error:
                    raise RuntimeError(f"rank {rank} failed:\n{error}")
                results[rank] = value
        finally:
            done = len(results) == WORLD_SIZE
            for p in procs:
                p.join(timeout=10 if done else 0)
                if p.is_alive():
                    p.kill()
                    p.join()
    return [results[r] for r in range(WORLD_SIZE)]


def run_on_two_ranks(fn, attempts=3):
    # gloo 组网偶尔失败（"Gloo connectFullMesh failed"）：只对这种错误整组重来
    for attempt in range(attempts):
        try:
            return launch(fn)
        except ConnectionError:
            if attempt == attempts - 1:
                raise


# 相当于启动前设环境变量 TORCH_DISTRIBUTED_DEBUG=DETAIL
dist.set_debug_level(dist.DebugLevel.DETAIL)
for title, fn in [("rank 1 没来", rank_1_missing),
                  ("两个 rank 的形状不同", shapes_differ)]:
    print(title + ":")
    for rank, result in enumerate(run_on_two_ranks(fn)):
        print(f"  rank {rank}: {result}")
dist.set_debug_level(dist.DebugLevel.OFF)
# --8<-- [end:debug_detail]

# --8<-- [start:cuda_nccl]
# requires: cuda
import tempfile

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel as DDP

rank = 0                     # torchrun 启动时是 int(os.environ["LOCAL_RANK"])
torch.cuda.set_device(rank)
with tempfile.TemporaryDirectory() as tmp:
    dist.init_process_group("nccl", init_method=f"file://{tmp}/init",
                            rank=rank, world_size=1,
                            device_id=torch.device("cuda", rank))
    model = DDP(torch.nn.Linear(3, 1).cuda(), device_ids=[rank])
    model(torch.ones(4, 3, device="cuda")).sum().backward()
    print("后端:", dist.get_backend())
    print("梯度所在设备:", model.module.weight.grad.device)
    dist.destroy_process_group()
# --8<-- [end:cuda_nccl]

# --8<-- [start:dataparallel_cpu]
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.calls = 0                         # forward 里会改的普通属性

    def forward(self, x):
        self.calls += 1
        return self.fc(x)


torch.manual_seed(0)
net = Net()
model = nn.DataParallel(net)                   # 这台机器没有 GPU
print("device_ids:", model.device_ids)
print("传 device_ids=[0, 1] 也一样:",
      nn.DataParallel(net, device_ids=[0, 1]).device_ids)
x = torch.randn(4, 3)
print("输出与 net(x) 相同:", torch.equal(model(x), net(x)))
print("model.module 就是 net:", model.module is net)
print("net.calls:", net.calls)                 # model(x) 和 net(x) 各一次
print("state_dict 的键:", list(model.state_dict()))
assert [p is q for p, q in zip(model.parameters(), net.parameters())] == [True, True]  # check
# --8<-- [end:dataparallel_cpu]

# --8<-- [start:replica_error]
import torch
from torch import nn
import inspect  # check
from torch._utils import ExceptionWrapper  # check


class MultiTask(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleList(nn.Linear(4, 2) for _ in range(3))

    def forward(self, x, task):
        return self.heads[task](x)             # 任务编号只有 0、1、2


model = nn.DataParallel(MultiTask())           # CPU 上：直接调用模型
x = torch.ones(8, 4)
print(model(x, task=2).shape)
try:  # check
    try:
        model.module(x, task=3)
    except IndexError:
        # parallel_apply 在副本的线程里这样包装报错，主线程再 reraise()
        wrapped = ExceptionWrapper(where="in replica 0 on device 0")
    wrapped.reraise()
except IndexError as error:
    lines = str(error).splitlines()
    assert lines[0] == "Caught IndexError in replica 0 on device 0.", lines[0]
    assert lines[1] == "Original Traceback (most recent call last):", lines[1]
    assert lines[-1] == "IndexError: index 3 is out of range", lines[-1]
else:
    raise AssertionError("reraise() did not raise")
source = inspect.getsource(torch.nn.parallel.parallel_apply)  # check
assert 'where=f"in replica {i} on device {device}"' in source  # check
assert "output.reraise()" in source  # check
assert list(nn.Linear(2, 2)._replicate_for_data_parallel().parameters()) == []  # check
model(x, task=3)  # raises: IndexError: index 3 is out of range
# --8<-- [end:replica_error]
