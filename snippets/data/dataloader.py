"""DataLoader：批大小、batch_size=None、打乱、drop_last、collate_fn 填充与目标检测、工作进程、
工作进程被杀、prefetch_factor、in_order、timeout、pin_memory、工作进程的随机种子。"""
# --8<-- [start:batching]
import torch
from torch.utils.data import DataLoader, TensorDataset

# 10 个样本：(x, y)
ds = TensorDataset(torch.arange(10), torch.arange(10) % 2)
keep = DataLoader(ds, batch_size=4)
drop = DataLoader(ds, batch_size=4, drop_last=True)
print("drop_last=False:", [x.tolist() for x, y in keep], "len:", len(keep))
print("drop_last=True :", [x.tolist() for x, y in drop], "len:", len(drop))
# ceil(10/4) 与 floor(10/4)
assert len(keep) == 3 and len(drop) == 2  # check
x, y = next(iter(keep))       # 元组样本被逐项拼成批次
print("x:", x, " y:", y)
assert x.shape == (4,) and y.shape == (4,)  # check
# --8<-- [end:batching]

# --8<-- [start:unbatched]
import numpy as np
from torch.utils.data import DataLoader, default_collate, default_convert

# 每个样本是一个元组：(NumPy 数组, Python 整数)
data = [(np.array([1, 2]), 3), (np.array([4, 5]), 6)]
one = DataLoader(data, batch_size=None)
two = DataLoader(data, batch_size=2)
print("batch_size=None  collate_fn:", one.collate_fn.__name__)
print("  第一个样本:", next(iter(one)))
print("batch_size=2     collate_fn:", two.collate_fn.__name__)
x, y = next(iter(two))
print("  第一批: x", tuple(x.shape), " y", y)
assert one.collate_fn is default_convert  # check
assert two.collate_fn is default_collate  # check
# --8<-- [end:unbatched]

# --8<-- [start:shuffle]
import torch
from torch.utils.data import DataLoader


def epoch_orders(seed, epochs=2):
    loader = DataLoader(range(8), batch_size=4, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    return [[i for b in loader for i in b.tolist()] for _ in range(epochs)]


torch.manual_seed(1)
run1 = epoch_orders(0)
torch.manual_seed(2)                                  # 换一个全局种子
run2 = epoch_orders(0)
print("run 1:", run1)
print("run 2:", run2)
# 同一个 generator 种子：完全可复现，与全局随机状态无关
print("两次运行相同:", run1 == run2)
assert run1 == run2  # check
assert run1[0] != run1[1]  # check
assert all(sorted(o) == list(range(8)) for o in run1)  # check
# --8<-- [end:shuffle]

# --8<-- [start:collate_error]
import torch
from torch.utils.data import DataLoader

seqs = [torch.tensor(s) for s in ([5, 6, 7], [8], [1, 2], [3, 4, 9, 9])]
# 默认 collate 用 torch.stack
next(iter(DataLoader(seqs, batch_size=2)))  # raises: RuntimeError: stack expects each tensor to be equal size
# --8<-- [end:collate_error]

# --8<-- [start:collate_pad]
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader

seqs = [torch.tensor(s) for s in ([5, 6, 7], [8], [1, 2], [3, 4, 9, 9])]
PAD = 0


def pad_collate(batch):
    """把一批不等长的一维序列填充成 (B, T)，同时返回长度和掩码。"""
    lengths = torch.tensor([len(s) for s in batch])
    # (B, T)，T = 最长序列
    padded = pad_sequence(batch, batch_first=True, padding_value=PAD)
    # True = 真实 token
    mask = torch.arange(padded.shape[1])[None, :] < lengths[:, None]
    return padded, lengths, mask


loader = DataLoader(seqs, batch_size=2, collate_fn=pad_collate)
for padded, lengths, mask in loader:
    print(padded.tolist(), lengths.tolist())
    print(mask.int().tolist())
    assert padded.shape == (2, lengths.max().item())  # check
    assert torch.equal(mask.sum(dim=1), lengths)  # check
    assert (padded[~mask] == PAD).all()  # check
# --8<-- [end:collate_pad]

# --8<-- [start:collate_detection_error]
import torch
from torch.utils.data import DataLoader, Dataset


class Boxes(Dataset):
    """目标检测：第 i 张图片有 counts[i] 个边界框。"""
    counts = [3, 5, 1, 2]

    def __len__(self):
        return len(self.counts)

    def __getitem__(self, idx):
        n = self.counts[idx]
        image = torch.zeros(3, 32, 32)
        # 每行一个框：x1, y1, x2, y2
        boxes = torch.tensor([[0.0, 0.0, 8.0, 8.0]]).repeat(n, 1)
        labels = torch.ones(n, dtype=torch.int64)
        return image, {"boxes": boxes, "labels": labels}


# 默认 collate 把两张图片的 boxes 也用 torch.stack 拼起来
next(iter(DataLoader(Boxes(), batch_size=2)))  # raises: RuntimeError: stack expects each tensor to be equal size, but got [3, 4] at entry 0
# --8<-- [end:collate_detection_error]

# --8<-- [start:collate_detection]
import torch
from torch.utils.data import DataLoader, Dataset


class Boxes(Dataset):
    """目标检测：第 i 张图片有 counts[i] 个边界框。"""
    counts = [3, 5, 1, 2]

    def __len__(self):
        return len(self.counts)

    def __getitem__(self, idx):
        n = self.counts[idx]
        image = torch.zeros(3, 32, 32)
        # 每行一个框：x1, y1, x2, y2
        boxes = torch.tensor([[0.0, 0.0, 8.0, 8.0]]).repeat(n, 1)
        labels = torch.ones(n, dtype=torch.int64)
        return image, {"boxes": boxes, "labels": labels}


def detection_collate(batch):
    """图片大小相同，堆叠成 (B, 3, H, W)；标注留成列表，每张图片一个。"""
    images, targets = zip(*batch)
    return torch.stack(images), list(targets)


device = "cuda" if torch.cuda.is_available() else "cpu"
loader = DataLoader(Boxes(), batch_size=2, collate_fn=detection_collate)
for images, targets in loader:
    images = images.to(device)
    targets = [{k: v.to(device) for k, v in t.items()} for t in targets]
    print("images:", tuple(images.shape),
          " boxes:", [tuple(t["boxes"].shape) for t in targets],
          " labels:", [tuple(t["labels"].shape) for t in targets])
    assert isinstance(targets, list) and len(targets) == images.shape[0]  # check
# torchvision 检测参考代码的写法：图片也不堆叠，留成元组
imgs, tgts = tuple(zip(*[Boxes()[0], Boxes()[1]]))  # check
assert isinstance(imgs, tuple) and [i.shape for i in imgs] == [(3, 32, 32)] * 2  # check
assert [t["boxes"].shape for t in tgts] == [(3, 4), (5, 4)]  # check
# --8<-- [end:collate_detection]

# --8<-- [start:collate_list_error]
import torch
from torch.utils.data import DataLoader

# tokens 是 Python 列表（比如从 JSON 读来的），长度各不相同
data = [{"tokens": [5, 6, 7]}, {"tokens": [1, 2, 3]},
        {"tokens": [8]}, {"tokens": [4, 9]}]
loader = DataLoader(data, batch_size=2)
batches = iter(loader)
# 第一批两个列表一样长：按位置转置成 3 个张量，每个张量是同一位置的 token
first = next(batches)
print("第一批:", first)
assert [t.tolist() for t in first["tokens"]] == [[5, 1], [6, 2], [7, 3]]  # check
assert all(isinstance(t, torch.Tensor) for t in first["tokens"])  # check
next(batches)  # raises: RuntimeError: each element in list of batch should be of equal size
# --8<-- [end:collate_list_error]

# --8<-- [start:workers]
from torch.utils.data import DataLoader, Dataset, get_worker_info


class WhoMadeIt(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, idx):
        info = get_worker_info()                      # 工作进程里才有值
        return idx, info.id if info else -1


zero = DataLoader(WhoMadeIt(), batch_size=2)
two = DataLoader(WhoMadeIt(), batch_size=2, num_workers=2,
                 multiprocessing_context="fork")
print("num_workers=0:", [(i.tolist(), w.tolist()) for i, w in zero])
print("num_workers=2:", [(i.tolist(), w.tolist()) for i, w in two])
# 顺序不变
assert [i.tolist() for i, _ in zero] == [i.tolist() for i, _ in two]  # check
# 批次轮流交给两个进程
assert [w[0].item() for _, w in two] == [0, 1, 0, 1]  # check
# --8<-- [end:workers]

# --8<-- [start:worker_processes]
import os

import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class Probe(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, idx):
        # 在工作进程里：进程号、PyTorch 的线程数
        return get_worker_info().id, os.getpid(), torch.get_num_threads()


loader = DataLoader(Probe(), batch_size=None, num_workers=2,
                    multiprocessing_context="fork")
rows = list(loader)
pids = {pid for _, pid, _ in rows}
print("不同的进程:", len(pids), " 包括主进程:", os.getpid() in pids)
print("工作进程里的 torch.get_num_threads():", sorted({n for *_, n in rows}))
assert len(pids) == 2 and os.getpid() not in pids  # check
# --8<-- [end:worker_processes]

# --8<-- [start:too_many_workers]
import os
import re
import warnings

from torch.utils.data import DataLoader

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    # 工作进程比 CPU 多：创建 DataLoader 时就警告
    DataLoader(range(8), num_workers=os.cpu_count() + 1)
for w in caught:
    # 两个数字随机器而变，换成 N
    text = re.sub(r"\d+", "N", str(w.message))
    print(f"{w.category.__name__}: {text}")
assert len(caught) == 1  # check
# --8<-- [end:too_many_workers]

# --8<-- [start:worker_error]
import torch
from torch.utils.data import DataLoader

samples = [torch.ones(2), torch.ones(2), torch.ones(2), torch.ones(3)]
try:  # check
    batches = iter(DataLoader(samples, batch_size=2, num_workers=2, multiprocessing_context="fork"))
    next(batches)
    next(batches)
except RuntimeError as error:
    lines = str(error).splitlines()
    assert lines[0] == "Caught RuntimeError in DataLoader worker process 1.", lines[0]
    assert lines[1] == "Original Traceback (most recent call last):", lines[1]
    assert lines[-1].startswith("RuntimeError: stack expects each tensor to be equal size"), lines[-1]
else:
    raise AssertionError("the worker's error was not raised")
loader = DataLoader(samples, batch_size=2)   # 排查时：num_workers=0
batches = iter(loader)
print(next(batches).shape)
next(batches)  # raises: RuntimeError: stack expects each tensor to be equal size
# --8<-- [end:worker_error]

# --8<-- [start:worker_killed]
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# 工作进程用 SIGKILL 杀掉自己，模拟主机内存不够时 Linux 的 OOM killer
TRAIN = """\
import os
import signal
import time

from torch.utils.data import DataLoader, Dataset


class Dies(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, idx):
        time.sleep(0.5)                          # 读了一会儿数据……
        os.kill(os.getpid(), signal.SIGKILL)     # ……被杀掉


if __name__ == "__main__":
    for batch in DataLoader(Dies(), num_workers=1):
        print(batch)
"""

with tempfile.TemporaryDirectory() as tmp:
    Path(tmp, "train.py").write_text(TRAIN)
    run = subprocess.run([sys.executable, "train.py"],
                         capture_output=True, text=True, cwd=tmp)
print("退出码:", run.returncode)
# stderr 里只挑 RuntimeError 的行；pid 每次都不同，换成 N
for line in run.stderr.splitlines():
    if line.startswith("RuntimeError"):
        print(re.sub(r"\d+", "N", line).rstrip())
# --8<-- [end:worker_killed]

# --8<-- [start:main_guard]
import os  # check
import subprocess  # check
import sys  # check
import tempfile  # check

from torch.utils.data import DataLoader


def main():
    loader = DataLoader(range(8), batch_size=4, num_workers=2)
    for batch in loader:
        print(batch)


if __name__ == "__main__":   # 工作进程导入本文件时不会再执行 main()
    main()

with tempfile.TemporaryDirectory() as folder:  # check
    script = os.path.join(folder, "train.py")  # a script without the guard, started as spawn starts it
    with open(script, "w") as file:
        file.write("from torch.utils.data import DataLoader\n"
                   "loader = DataLoader(range(8), num_workers=1, multiprocessing_context='spawn')\n"
                   "print(list(loader))\n")
    run = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.returncode
    assert "An attempt has been made to start a new process before the" in run.stderr, run.stderr[-2000:]
    assert "current process has finished its bootstrapping phase." in run.stderr
    assert "RuntimeError: DataLoader worker (pid(s) " in run.stderr and "exited unexpectedly" in run.stderr
# --8<-- [end:main_guard]

# --8<-- [start:not_picklable]
import os  # check
import pickle
import subprocess  # check
import sys  # check
import tempfile  # check


def make_collate():
    def pad(batch):          # 定义在函数里的函数，和 lambda 一样
        return batch
    return pad


with tempfile.TemporaryDirectory() as folder:  # check
    script = os.path.join(folder, "train.py")  # the same function given to a spawn DataLoader
    with open(script, "w") as file:
        file.write("from torch.utils.data import DataLoader\n"
                   "def make_collate():\n"
                   "    def pad(batch):\n"
                   "        return batch\n"
                   "    return pad\n"
                   "if __name__ == '__main__':\n"
                   "    loader = DataLoader(range(8), num_workers=2, collate_fn=make_collate(),\n"
                   "                        multiprocessing_context='spawn')\n"
                   "    iter(loader)\n")
    run = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.returncode
    assert "Can't pickle local object 'make_collate.<locals>.pad'" in run.stderr, run.stderr[-2000:]
try:  # check
    pickle.dumps((lambda: lambda batch: batch)())
except AttributeError as error:
    assert str(error).endswith("<locals>.<lambda>'"), error
else:
    raise AssertionError("a local lambda was pickled")
pickle.dumps(make_collate())  # raises: AttributeError: Can't pickle local object
# --8<-- [end:not_picklable]

# --8<-- [start:prefetch]
from torch.utils.data import DataLoader

drawn = []                          # 主进程从采样器取走的下标


class Spy:
    """依次给出下标 0、1、2……，并记下取走了几个。"""

    def __iter__(self):
        for i in range(100):
            drawn.append(i)
            yield i

    def __len__(self):
        return 100


# batch_size=1（默认）：一个下标就是一批
for pf in (1, 4):
    drawn.clear()
    loader = DataLoader(range(100), sampler=Spy(), num_workers=2,
                        prefetch_factor=pf, multiprocessing_context="fork")
    it = iter(loader)               # 启动 2 个工作进程，先派出一些批次
    sent = len(drawn)
    next(it)                        # 取走一批，补派一批
    print(f"prefetch_factor={pf}: 启动时派出 {sent} 批，"
          f"取走一批后共 {len(drawn)} 批")
    assert sent == pf * 2 and len(drawn) == sent + 1  # check
    del it                          # 关闭工作进程
print("默认值  num_workers=0:", DataLoader(range(4)).prefetch_factor,
      " num_workers=2:", DataLoader(range(4), num_workers=2).prefetch_factor)
# --8<-- [end:prefetch]

# --8<-- [start:prefetch_without_workers]
from torch.utils.data import DataLoader

# num_workers=0：没有工作进程，也就没有预取
DataLoader(range(4), prefetch_factor=2)  # raises: ValueError: prefetch_factor option could only be specified in multiprocessing
# --8<-- [end:prefetch_without_workers]

# --8<-- [start:in_order]
import multiprocessing

from torch.utils.data import DataLoader, Dataset

# 进程间共享的开关，由主进程打开
gate = multiprocessing.get_context("fork").Event()


class FirstBatchWaits(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, idx):
        if idx == 0:                # 批次 0（下标 0、1）在进程 0 里
            gate.wait()             # 卡住，直到主进程打开开关
        return idx


loader = DataLoader(FirstBatchWaits(), batch_size=2, num_workers=2,
                    in_order=False, multiprocessing_context="fork")
order = []
for batch in loader:
    order.append(batch[0].item() // 2)          # 批次编号
    if len(order) == 2:
        gate.set()                  # 已收到进程 1 的两批：放行进程 0
print("in_order=False  收到批次的顺序:", order)
assert order == [1, 3, 0, 2]  # check
gate.clear()  # check
try:  # check
    # 默认 in_order=True：主进程先等批次 0，批次 1、3 做好了也不交出
    next(iter(DataLoader(FirstBatchWaits(), batch_size=2, num_workers=2,
                         timeout=0.1, multiprocessing_context="fork")))
except RuntimeError as error:
    assert str(error) == "DataLoader timed out after 0.1 seconds"
    gate.set()                      # 放行，让工作进程退出
else:
    raise AssertionError("in_order=True 应该一直等批次 0")
# --8<-- [end:in_order]

# --8<-- [start:timeout_without_workers]
from torch.utils.data import DataLoader

# timeout 只管等工作进程；num_workers=0 时必须为 0
loader = DataLoader(range(4), timeout=5)
next(iter(loader))  # raises: AssertionError: _SingleProcessDataLoaderIter requires timeout == 0
# --8<-- [end:timeout_without_workers]

# --8<-- [start:persistent]
import multiprocessing

from torch.utils.data import DataLoader

# 各工作进程共享的计数器
starts = multiprocessing.get_context("fork").Value("i", 0)


def count_start(worker_id):
    with starts.get_lock():
        starts.value += 1


for persistent in (False, True):
    starts.value = 0
    loader = DataLoader(range(8), batch_size=2, num_workers=2,
                        worker_init_fn=count_start,
                        persistent_workers=persistent,
                        multiprocessing_context="fork")
    for epoch in range(3):
        for batch in loader:
            pass
    print(f"persistent_workers={persistent}: "
          f"{starts.value} worker starts in 3 epochs")
    assert starts.value == (2 if persistent else 6)  # check
    del loader                                        # 关闭常驻的工作进程
# --8<-- [end:persistent]

# --8<-- [start:persistent_without_workers]
from torch.utils.data import DataLoader

# num_workers=0：没有工作进程可以保留
DataLoader(range(4), persistent_workers=True)  # raises: ValueError: persistent_workers option needs num_workers > 0
# --8<-- [end:persistent_without_workers]

# --8<-- [start:numpy_global]
import random

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class Noisy(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, idx):
        info = get_worker_info()
        return (idx, info.id, np.random.randint(1000), random.randint(0, 999),
                torch.randint(1000, ()).item())


torch.manual_seed(0)
# batch_size=None：逐个样本，不拼批次
loader = DataLoader(Noisy(), batch_size=None, num_workers=2,
                    multiprocessing_context="fork")
rows = list(loader)
for idx, worker, n, p, t in rows:
    print(f"idx {idx}  worker {worker}  "
          f"np.random {n:3}  random {p:3}  torch {t:3}")
for col in (2, 3, 4):  # check
    # np.random、random、torch 三列：每个工作进程的全局随机状态都不同
    per_worker = [[r[col] for r in rows if r[1] == w] for w in (0, 1)]
    assert per_worker[0] != per_worker[1]
# --8<-- [end:numpy_global]

# --8<-- [start:rng_object]
import numpy as np
from torch.utils.data import DataLoader, Dataset, get_worker_info


class Augment(Dataset):
    def __init__(self):
        # 在主进程里创建的随机数生成器对象
        self.rng = np.random.default_rng(0)

    def __len__(self):
        return 4

    def __getitem__(self, idx):
        return idx, get_worker_info().id, int(self.rng.integers(1000))


loader = DataLoader(Augment(), batch_size=None, num_workers=2,
                    multiprocessing_context="fork")
epochs = []
for epoch in range(2):
    rows = list(loader)
    epochs.append(rows)
    print(f"epoch {epoch}:", [(i, w, n) for i, w, n in rows])
    # 两个进程完全相同
    assert [n for _, w, n in rows if w == 0] == [n for _, w, n in rows if w == 1]  # check
assert epochs[0] == epochs[1]  # check
# --8<-- [end:rng_object]

# --8<-- [start:worker_init_fn]
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class Augment(Dataset):
    def __init__(self):
        self.rng = np.random.default_rng(0)

    def __len__(self):
        return 4

    def __getitem__(self, idx):
        return idx, get_worker_info().id, int(self.rng.integers(1000))


def seed_worker(worker_id):
    info = get_worker_info()
    assert info.seed == torch.initial_seed()  # check
    # info.seed = base_seed + worker_id：给本进程的数据集副本重新播种
    info.dataset.rng = np.random.default_rng(info.seed)


def run(seed):
    loader = DataLoader(Augment(), batch_size=None, num_workers=2,
                        worker_init_fn=seed_worker,
                        generator=torch.Generator().manual_seed(seed),
                        multiprocessing_context="fork")
    return list(loader)


rows = run(1)
# 两个进程不同了
print([(i, w, n) for i, w, n in rows])
assert [n for _, w, n in rows if w == 0] != [n for _, w, n in rows if w == 1]  # check
# 同一个 generator 种子：整轮可复现
print("再运行一次，结果相同:", run(1) == rows)
# --8<-- [end:worker_init_fn]

# --8<-- [start:sharing_strategy]
import torch.multiprocessing as mp

# 工作进程把批次放进共享内存，按这种策略交给主进程
print("默认:", mp.get_sharing_strategy())
print("可选:", sorted(mp.get_all_sharing_strategies()))
# --8<-- [end:sharing_strategy]

# --8<-- [start:fd_per_batch]
import os

import torch
from torch.utils.data import DataLoader, TensorDataset


def open_fds():
    # Linux：本进程打开的文件描述符个数
    return len(os.listdir("/proc/self/fd"))


ds = TensorDataset(torch.zeros(200, 4), torch.zeros(200))
loader = DataLoader(ds, batch_size=2, num_workers=1,
                    multiprocessing_context="fork")
it = iter(loader)
start = open_fds()
kept = []
for n in (10, 40):
    while len(kept) < n:
        kept.append(next(it))           # 留着批次 (x, y)，不释放
    print(f"留着 {n} 批：多开了 {open_fds() - start} 个")
assert sum(os.readlink(f"/proc/self/fd/{fd}").startswith("/dev/shm/")  # check
           for fd in os.listdir("/proc/self/fd")
           if os.path.exists(f"/proc/self/fd/{fd}")) >= 80
copies = [[t.clone() for t in batch] for batch in kept]
kept.clear()                            # 原来的批次释放了，只留副本
print(f"只留 {len(copies)} 批 clone() 的副本：多开了 {open_fds() - start} 个")
del it
# --8<-- [end:fd_per_batch]

# 放在文件最后：在 GPU 上 pin_memory 会初始化 CUDA，下载的整页脚本之后不能再 fork 工作进程。
# --8<-- [start:pin_memory]
import warnings

import torch
from torch.utils.data import DataLoader, TensorDataset

ds = TensorDataset(torch.arange(10), torch.arange(10) % 2)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    x, y = next(iter(DataLoader(ds, batch_size=4, pin_memory=True)))
# 没有加速器时为 None
acc = torch.accelerator.current_accelerator(check_available=True)
print("accelerator:", acc, " is_pinned:", x.is_pinned())
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
if acc is None or acc.type == "mps":  # check
    # 没有加速器或 MPS：只警告，不锁页
    reason = "no accelerator is found" if acc is None else "not supported on MPS"
    assert not x.is_pinned() and any(reason in str(w.message) for w in caught)
else:
    assert x.is_pinned() and not caught               # 批次在锁页内存里，不警告
if x.is_pinned():
    x = x.to(acc, non_blocking=True)                  # 异步拷到加速器
# --8<-- [end:pin_memory]

# --8<-- [start:pin_memory_device]
import warnings

from torch.utils.data import DataLoader

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    # 已弃用：锁页总是用当前的加速器，这个参数被忽略
    next(iter(DataLoader(range(4), pin_memory=True, pin_memory_device="cuda")))
for w in caught:
    if "pin_memory_device" in str(w.message):
        print(f"{w.category.__name__}: {w.message}")
assert any("pin_memory_device is deprecated" in str(w.message)  # check
           for w in caught)
# --8<-- [end:pin_memory_device]
