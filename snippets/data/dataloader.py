"""DataLoader：批大小、打乱、drop_last、collate_fn 填充、工作进程、pin_memory、工作进程的随机种子。"""
# --8<-- [start:imports]
import multiprocessing
import random
import warnings

import numpy as np
import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader, Dataset, TensorDataset, get_worker_info
# --8<-- [end:imports]

# --8<-- [start:batching]
ds = TensorDataset(torch.arange(10), torch.arange(10) % 2)   # 10 个样本：(x, y)
keep = DataLoader(ds, batch_size=4)
drop = DataLoader(ds, batch_size=4, drop_last=True)
print("drop_last=False:", [x.tolist() for x, y in keep], "len:", len(keep))
print("drop_last=True :", [x.tolist() for x, y in drop], "len:", len(drop))
# ceil(10/4) 与 floor(10/4)
assert len(keep) == 3 and len(drop) == 2
x, y = next(iter(keep))
assert x.shape == (4,) and y.shape == (4,)            # 元组样本被逐项拼成批次
# --8<-- [end:batching]

# --8<-- [start:shuffle]
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
assert run1 == run2
assert run1[0] != run1[1]                             # 每轮重新打乱
assert all(sorted(o) == list(range(8)) for o in run1)  # 每轮都是一个排列
# --8<-- [end:shuffle]

# --8<-- [start:collate_error]
seqs = [torch.tensor(s) for s in ([5, 6, 7], [8], [1, 2], [3, 4, 9, 9])]
try:
    # 默认 collate 用 torch.stack
    next(iter(DataLoader(seqs, batch_size=2)))
except RuntimeError as e:
    assert "stack expects each tensor to be equal size" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:collate_error]

# --8<-- [start:collate_pad]
PAD = 0


def pad_collate(batch):
    """把一批不等长的一维序列填充成 (B, T)，同时返回长度和掩码。"""
    lengths = torch.tensor([len(s) for s in batch])
    # (B, T)，T = 最长序列
    padded = pad_sequence(batch, batch_first=True, padding_value=PAD)
    # True = 真实 token
    mask = torch.arange(padded.shape[1])[None, :] < lengths[:, None]
    return padded, lengths, mask


for padded, lengths, mask in DataLoader(seqs, batch_size=2, collate_fn=pad_collate):
    print(padded.tolist(), lengths.tolist())
    print(mask.int().tolist())
    assert padded.shape == (2, lengths.max().item())
    assert torch.equal(mask.sum(dim=1), lengths)
    assert (padded[~mask] == PAD).all()
# --8<-- [end:collate_pad]

# --8<-- [start:workers]
class WhoMadeIt(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, idx):
        info = get_worker_info()                      # 工作进程里才有值
        return idx, info.id if info else -1


zero = DataLoader(WhoMadeIt(), batch_size=2)
two = DataLoader(WhoMadeIt(), batch_size=2, num_workers=2, multiprocessing_context="fork")
print("num_workers=0:", [(i.tolist(), w.tolist()) for i, w in zero])
print("num_workers=2:", [(i.tolist(), w.tolist()) for i, w in two])
assert [i.tolist() for i, _ in zero] == [i.tolist() for i, _ in two]   # 顺序不变
# 批次轮流交给两个进程
assert [w[0].item() for _, w in two] == [0, 1, 0, 1]
# --8<-- [end:workers]

# --8<-- [start:persistent]
starts = multiprocessing.get_context("fork").Value("i", 0)


def count_start(worker_id):
    with starts.get_lock():
        starts.value += 1


for persistent in (False, True):
    starts.value = 0
    loader = DataLoader(range(8), batch_size=2, num_workers=2, worker_init_fn=count_start,
                        persistent_workers=persistent, multiprocessing_context="fork")
    for epoch in range(3):
        for batch in loader:
            pass
    print(f"persistent_workers={persistent}: {starts.value} worker starts in 3 epochs")
    assert starts.value == (2 if persistent else 6)
    del loader                                        # 关闭常驻的工作进程
# --8<-- [end:persistent]

# --8<-- [start:numpy_global]
class Noisy(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, idx):
        info = get_worker_info()
        return (idx, info.id, np.random.randint(1000), random.randint(0, 999),
                torch.randint(1000, ()).item())


torch.manual_seed(0)
loader = DataLoader(Noisy(), batch_size=None, num_workers=2, multiprocessing_context="fork")
# batch_size=None：逐个样本，不拼批次
rows = list(loader)
for idx, worker, n, p, t in rows:
    print(f"idx {idx}  worker {worker}  np.random {n:3}  random {p:3}  torch {t:3}")
# np.random、random、torch 三列
for col in (2, 3, 4):
    per_worker = [[r[col] for r in rows if r[1] == w] for w in (0, 1)]
    # 每个工作进程的全局随机状态都不同
    assert per_worker[0] != per_worker[1]
# --8<-- [end:numpy_global]

# --8<-- [start:rng_object]
class Augment(Dataset):
    def __init__(self):
        # 在主进程里创建的随机数生成器对象
        self.rng = np.random.default_rng(0)

    def __len__(self):
        return 4

    def __getitem__(self, idx):
        return idx, get_worker_info().id, int(self.rng.integers(1000))


loader = DataLoader(Augment(), batch_size=None, num_workers=2, multiprocessing_context="fork")
epochs = []
for epoch in range(2):
    rows = list(loader)
    epochs.append(rows)
    print(f"epoch {epoch}:", [(i, w, n) for i, w, n in rows])
    # 两个进程完全相同
    assert [n for _, w, n in rows if w == 0] == [n for _, w, n in rows if w == 1]
assert epochs[0] == epochs[1]                         # 每一轮也完全相同
# --8<-- [end:rng_object]

# --8<-- [start:worker_init_fn]
def seed_worker(worker_id):
    info = get_worker_info()
    # 本进程的 torch 种子 = base_seed + worker_id
    assert info.seed == torch.initial_seed()
    # 每个进程的副本各自重新播种
    info.dataset.rng = np.random.default_rng(info.seed)


def run(seed):
    loader = DataLoader(Augment(), batch_size=None, num_workers=2, worker_init_fn=seed_worker,
                        generator=torch.Generator().manual_seed(seed),
                        multiprocessing_context="fork")
    return list(loader)


rows = run(1)
print([(i, w, n) for i, w, n in rows])
# 两个进程不同了
assert [n for _, w, n in rows if w == 0] != [n for _, w, n in rows if w == 1]
# 同一个 generator 种子：整轮可复现
assert run(1) == rows
# --8<-- [end:worker_init_fn]

# --8<-- [start:pin_memory]
# 放在文件最后：在 GPU 上它会初始化 CUDA，之后本进程不再 fork 工作进程
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    x, y = next(iter(DataLoader(ds, batch_size=4, pin_memory=True)))
messages = [str(w.message) for w in caught]
# 没有加速器时为 None
acc = torch.accelerator.current_accelerator() if torch.accelerator.is_available() else None
print("accelerator:", acc, " is_pinned:", x.is_pinned())
for m in messages:
    print("UserWarning:", m)
if acc is not None and acc.type != "mps":
    assert x.is_pinned() and not messages             # 批次在锁页内存里，不警告
    x = x.to(acc, non_blocking=True)
else:
    # 没有加速器或 MPS：只警告，不锁页
    assert not x.is_pinned()
    reason = "no accelerator is found" if acc is None else "not supported on MPS"
    assert any(reason in m for m in messages)
# --8<-- [end:pin_memory]
