"""DistributedSampler 在真实的两进程 gloo 进程组里：分片不相交、补齐、drop_last、set_epoch、
每个进程的 batch_size。"""
# --8<-- [start:shards]
import os
import sys
import tempfile
import traceback
from datetime import timedelta

import torch.distributed as dist
import torch.multiprocessing as mp
from torch.utils.data import DistributedSampler

WORLD_SIZE = 2
os.environ["GLOO_SOCKET_IFNAME"] = "lo"        # 只用本机回环网卡


def shards():
    """在每个 rank 里运行：rank 与 world size 取自进程组。"""
    ds = list(range(10))
    plain = DistributedSampler(ds, shuffle=False)
    mixed = DistributedSampler(ds, shuffle=True, seed=0)
    rank = dist.get_rank()
    for kw in (dict(shuffle=False), dict(seed=0),  # check
               dict(shuffle=False, drop_last=True)):
        # 与显式传 num_replicas、rank 的结果相同（后面几节都显式传）
        for data in (ds, ds[:5], ds[:8]):
            group = DistributedSampler(data, **kw)
            explicit = DistributedSampler(data, num_replicas=2, rank=rank, **kw)
            for epoch in (0, 1):
                group.set_epoch(epoch)
                explicit.set_epoch(epoch)
                assert list(group) == list(explicit)
    return rank, plain.num_replicas, list(plain), list(mixed)


def rank_main(rank, init_method, fn, queue, log):
    """子进程：加入进程组，执行 fn，把结果（或错误）交回父进程。"""
    # gloo 的 C++ 日志直接写 fd 2：先记到文件里
    os.dup2(os.open(log, os.O_WRONLY | os.O_CREAT), 2)
    try:
        dist.init_process_group("gloo", init_method=init_method, rank=rank,
                                world_size=WORLD_SIZE,
                                timeout=timedelta(seconds=30))
        try:
            queue.put((rank, None, fn()))
        finally:
            dist.destroy_process_group()        # 无论成败都销毁进程组
    except BaseException:
        queue.put((rank, traceback.format_exc(), None))


def launch(fn, timeout=30):
    """fork 两个进程，组成 gloo 进程组，各自执行 fn()；按 rank 返回结果。"""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    with tempfile.TemporaryDirectory() as tmp:
        # 文件会合：不必指定 MASTER_ADDR/MASTER_PORT
        init_method = "file://" + os.path.join(tmp, "rendezvous")
        logs = [os.path.join(tmp, f"stderr-{r}") for r in range(WORLD_SIZE)]
        procs = [ctx.Process(target=rank_main,
                             args=(r, init_method, fn, queue, logs[r]))
                 for r in range(WORLD_SIZE)]
        for p in procs:
            p.start()
        results = {}
        try:
            for _ in range(WORLD_SIZE):
                rank, error, value = queue.get(timeout=timeout)
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
        # 成功时转述子进程的 stderr（例如警告）
        for log in logs:
            with open(log) as f:
                sys.stderr.write(f.read())
    return [results[r] for r in range(WORLD_SIZE)]


def run_on_two_ranks(fn, attempts=3):
    # gloo 组网偶尔失败（"Gloo connectFullMesh failed"）：只对这种错误整组重来。
    # 上游已在 gloo 里加了连接重试：https://github.com/pytorch/gloo/pull/413
    for attempt in range(attempts):
        try:
            return launch(fn)
        except ConnectionError:
            if attempt == attempts - 1:
                raise


results = run_on_two_ranks(shards)
for rank, world, plain, mixed in results:
    print(f"rank {rank} of {world}  shuffle=False {plain}"
          f"  shuffle=True {mixed}")
assert [r[2] for r in results] == [[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]]  # 交错  # check
m0, m1 = (r[3] for r in results)
# 打乱时两个分片也不相交，合起来正好是整个数据集
print("不相交:", not set(m0) & set(m1), " 合起来:", sorted(m0 + m1))
assert sorted(m0 + m1) == list(range(10))  # check
# --8<-- [end:shards]

# --8<-- [start:padding]
from torch.utils.data import DistributedSampler

# 5 个样本、2 个 rank
ranks = [DistributedSampler(list(range(5)), num_replicas=2, rank=r,
                            shuffle=False) for r in range(2)]
s0, s1 = (list(s) for s in ranks)
print("rank 0:", s0, " rank 1:", s1, " total_size:", ranks[0].total_size)
# ceil(5 / 2) = 3，每个 rank 一样多；多出的一个位置用重复样本补齐
print("len:", [len(s) for s in ranks], " 合起来:", sorted(s0 + s1))
assert [len(s) for s in ranks] == [3, 3] and ranks[0].total_size == 6  # check
assert sorted(s0 + s1) == [0, 0, 1, 2, 3, 4]  # check
# --8<-- [end:padding]

# --8<-- [start:drop_last]
from torch.utils.data import DistributedSampler

ranks = [DistributedSampler(list(range(5)), num_replicas=2, rank=r,
                            shuffle=False, drop_last=True) for r in range(2)]
s0, s1 = (list(s) for s in ranks)
print("rank 0:", s0, " rank 1:", s1)
# floor(5 / 2) = 2；不重复，但样本 4 本轮没人读
print("len:", [len(s) for s in ranks], " 合起来:", sorted(s0 + s1))
assert [len(s) for s in ranks] == [2, 2]  # check
assert sorted(s0 + s1) == [0, 1, 2, 3]  # check
# --8<-- [end:drop_last]

# --8<-- [start:set_epoch]
from torch.utils.data import DataLoader, DistributedSampler


def epochs(rank):
    ds = list(range(8))
    sampler = DistributedSampler(ds, num_replicas=2, rank=rank, seed=0)
    # sampler 交给 DataLoader
    loader = DataLoader(ds, batch_size=2, sampler=sampler)

    forgot = [sum((b.tolist() for b in loader), []) for epoch in range(2)]
    right = []
    for epoch in range(2):
        sampler.set_epoch(epoch)               # 每轮开始、建迭代器之前调用
        right.append(sum((b.tolist() for b in loader), []))
    return forgot, right


(f0, r0), (f1, r1) = epochs(rank=0), epochs(rank=1)
print("without set_epoch  rank 0:", f0, " rank 1:", f1)
print("with set_epoch     rank 0:", r0, " rank 1:", r1)
assert f0[0] == f0[1] and f1[0] == f1[1]  # 忘了 set_epoch：每轮一样  # check
assert r0[0] != r0[1] and r1[0] != r1[1]  # set_epoch：每轮换顺序  # check
assert all(sorted(r0[e] + r1[e]) == list(range(8))  # 每轮仍不相交  # check
           for e in range(2))
# --8<-- [end:set_epoch]

# --8<-- [start:global_batch]
from torch.utils.data import DataLoader, DistributedSampler

ds = list(range(16))
world_size, batch_size = 2, 4
# 每个 rank 一个 DataLoader，batch_size 相同
loaders = [DataLoader(ds, batch_size=batch_size,
                      sampler=DistributedSampler(ds, num_replicas=world_size,
                                                 rank=r, shuffle=False))
           for r in range(world_size)]
step = [next(iter(loader)).tolist() for loader in loaders]
print("第一步  rank 0:", step[0], " rank 1:", step[1])
print("每个 rank 每步:", len(step[0]), " 一步合计:", len(step[0]) + len(step[1]))
single = DataLoader(ds, batch_size=batch_size)        # 对照：单进程
print("每轮步数  每个 rank:", len(loaders[0]), " 单进程:", len(single))
assert sorted(step[0] + step[1]) == list(range(8))  # check
assert len(loaders[0]) == len(ds) // (batch_size * world_size)  # check
# --8<-- [end:global_batch]

# --8<-- [start:no_group]
from torch.utils.data import DistributedSampler

# 本进程没有 init_process_group
DistributedSampler(list(range(5)))  # raises: ValueError: Default process group has not been initialized
# --8<-- [end:no_group]

# --8<-- [start:explicit_rank]
from torch.utils.data import DistributedSampler

# 显式传 num_replicas 和 rank：不需要进程组
s = DistributedSampler(list(range(5)), num_replicas=2, rank=1, shuffle=False)
print("num_replicas=2, rank=1:", list(s))
assert list(s) == [1, 3, 0]  # check
# --8<-- [end:explicit_rank]
