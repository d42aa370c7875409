"""DistributedSampler 在真实的两进程 gloo 进程组里：分片不相交、补齐、drop_last、set_epoch。"""
# --8<-- [start:imports]
import os
import sys
import tempfile
import traceback
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.utils.data import DataLoader, DistributedSampler
# --8<-- [end:imports]

# --8<-- [start:launcher]
WORLD_SIZE = 2
os.environ["GLOO_SOCKET_IFNAME"] = "lo"        # 只用本机回环网卡


def _rank_main(rank, init_method, fn, queue, log):
    """在子进程里运行：加入进程组，执行 fn，把结果（或错误）交回父进程。子进程不打印。"""
    stderr = os.open(log, os.O_WRONLY | os.O_CREAT)
    # gloo 的 C++ 日志直接写 fd 2：先记到文件里
    os.dup2(stderr, 2)
    try:
        dist.init_process_group("gloo", init_method=init_method, rank=rank,
                                world_size=WORLD_SIZE, timeout=timedelta(seconds=30))
        try:
            queue.put((rank, None, fn()))
        finally:
            dist.destroy_process_group()        # 无论成败都销毁进程组
    except BaseException:
        queue.put((rank, traceback.format_exc(), None))


def run_on_two_ranks(fn, timeout=30, attempts=3):
    """用 fork 启动两个进程，组成 gloo 进程组，各自执行 fn()；返回 [rank 0 的结果, rank 1 的结果]。

    gloo 建立 TCP 连接偶尔失败（"Gloo connectFullMesh failed"，上游已在 gloo 里加了连接重试：
    https://github.com/pytorch/gloo/pull/413）。这只是组网失败，整组重来即可；其他错误照常抛出。
    """
    for attempt in range(attempts):
        try:
            return _launch(fn, timeout)
        except ConnectionError:
            if attempt == attempts - 1:
                raise


def _launch(fn, timeout):
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    with tempfile.TemporaryDirectory() as tmp:
        # 文件会合：不必指定 MASTER_ADDR/MASTER_PORT
        init_method = "file://" + os.path.join(tmp, "rendezvous")
        logs = [os.path.join(tmp, f"stderr-{r}") for r in range(WORLD_SIZE)]
        procs = [ctx.Process(target=_rank_main, args=(r, init_method, fn, queue, logs[r]))
                 for r in range(WORLD_SIZE)]
        for p in procs:
            p.start()
        results = {}
        try:
            for _ in range(WORLD_SIZE):
                rank, error, value = queue.get(timeout=timeout)
                if error and "Gloo connectFullMesh failed" in error:
                    raise ConnectionError(f"rank {rank} could not connect:\n{error}")
                if error:
                    raise RuntimeError(f"rank {rank} failed:\n{error}")
                results[rank] = value
        finally:
            # 出错时另一个 rank 可能还在等：不必等它超时
            for p in procs:
                p.join(timeout=10 if len(results) == WORLD_SIZE else 0)
                if p.is_alive():
                    p.kill()
                    p.join()
        # 成功时转述子进程的 stderr（例如警告）
        for log in logs:
            with open(log) as f:
                sys.stderr.write(f.read())
    return [results[r] for r in range(WORLD_SIZE)]
# --8<-- [end:launcher]

# --8<-- [start:shards]
def shards():
    ds = list(range(10))
    # rank 与 world size 取自进程组
    plain = DistributedSampler(ds, shuffle=False)
    mixed = DistributedSampler(ds, shuffle=True, seed=0)
    return dist.get_rank(), plain.num_replicas, list(plain), list(mixed)


results = run_on_two_ranks(shards)
for rank, world, plain, mixed in results:
    print(f"rank {rank} of {world}  shuffle=False {plain}  shuffle=True {mixed}")
(_, _, p0, m0), (_, _, p1, m1) = results
assert p0 == [0, 2, 4, 6, 8] and p1 == [1, 3, 5, 7, 9]  # 不打乱时按 rank 交错取
assert not set(m0) & set(m1)                             # 两个分片不相交……
assert sorted(m0 + m1) == list(range(10))                # ……合起来正好是整个数据集
# --8<-- [end:shards]

# --8<-- [start:padding]
def padded():
    s = DistributedSampler(list(range(5)), shuffle=False)
    return len(s), s.total_size, list(s)


(n0, total, s0), (n1, _, s1) = run_on_two_ranks(padded)
print("rank 0:", s0, " rank 1:", s1, " total_size:", total)
# ceil(5 / 2) = 3，每个 rank 一样多
assert n0 == n1 == 3 and total == 6
assert sorted(s0 + s1) == [0, 0, 1, 2, 3, 4]         # 多出的一个位置用重复样本补齐
# --8<-- [end:padding]

# --8<-- [start:drop_last]
def dropped():
    s = DistributedSampler(list(range(5)), shuffle=False, drop_last=True)
    return len(s), list(s)


(n0, s0), (n1, s1) = run_on_two_ranks(dropped)
print("rank 0:", s0, " rank 1:", s1)
assert n0 == n1 == 2                                 # floor(5 / 2) = 2
assert sorted(s0 + s1) == [0, 1, 2, 3]               # 不重复，但样本 4 本轮没人读
# --8<-- [end:drop_last]

# --8<-- [start:set_epoch]
def epochs():
    ds = list(range(8))
    sampler = DistributedSampler(ds, shuffle=True, seed=0)
    # sampler 交给 DataLoader
    loader = DataLoader(ds, batch_size=2, sampler=sampler)

    forgot = [sum((b.tolist() for b in loader), []) for epoch in range(2)]
    right = []
    for epoch in range(2):
        sampler.set_epoch(epoch)                    # 每轮开始、建迭代器之前调用
        right.append(sum((b.tolist() for b in loader), []))
    return forgot, right


(f0, r0), (f1, r1) = run_on_two_ranks(epochs)
print("without set_epoch  rank 0:", f0, " rank 1:", f1)
print("with set_epoch     rank 0:", r0, " rank 1:", r1)
# 忘了 set_epoch：每轮顺序完全一样
assert f0[0] == f0[1] and f1[0] == f1[1]
# set_epoch(epoch)：每轮换一个顺序
assert r0[0] != r0[1] and r1[0] != r1[1]
for epoch in range(2):                              # 每一轮里两个 rank 仍然不相交
    assert sorted(r0[epoch] + r1[epoch]) == list(range(8))
# --8<-- [end:set_epoch]

# --8<-- [start:no_group]
try:
    # 本进程没有 init_process_group
    DistributedSampler(list(range(5)))
except ValueError as e:
    assert "Default process group has not been initialized" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

# 显式传 num_replicas 和 rank：不需要进程组
s = DistributedSampler(list(range(5)), num_replicas=2, rank=1, shuffle=False)
print("num_replicas=2, rank=1:", list(s))
assert list(s) == [1, 3, 0]                         # 与真实进程组里 rank 1 的一样
# --8<-- [end:no_group]
