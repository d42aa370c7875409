"""可复现性：manual_seed 与其他随机数生成器、torch.Generator、保存和恢复随机数状态、
use_deterministic_algorithms、cudnn 的两个开关、一个可复现的训练、跨版本和跨设备的差异。"""
# --8<-- [start:manual_seed]
import torch

torch.manual_seed(0)
a = torch.rand(3)
b = torch.rand(3)                # 接着往下取，不是重复
torch.manual_seed(0)             # 回到起点
c = torch.rand(3)
d = torch.rand(3)
print("a:", a)
print("b:", b)
print("重设种子后 c 等于 a:", torch.equal(c, a))
print("重设种子后 d 等于 b:", torch.equal(d, b))
print("当前种子:", torch.initial_seed())
assert not torch.equal(a, b)  # check
assert torch.equal(c, a) and torch.equal(d, b)  # check
assert torch.initial_seed() == 0  # check
# --8<-- [end:manual_seed]

# --8<-- [start:draw_order]
import torch
from torch import nn

torch.manual_seed(0)
nn.Linear(4, 2)                        # 初始化权重，取走了一些随机数
one = torch.randperm(6)
print("一层模型之后打乱:", one)

torch.manual_seed(0)
nn.Sequential(nn.Linear(4, 2), nn.Linear(2, 2))   # 多加一层
two = torch.randperm(6)
print("两层模型之后打乱:", two)
assert not torch.equal(one, two)  # check
# --8<-- [end:draw_order]

# --8<-- [start:other_generators]
import random

import numpy as np
import torch

random.seed(1)
np.random.seed(1)
py_state = random.getstate()
np_state = np.random.get_state()[1].copy()     # 624 个整数
torch.manual_seed(0)                           # 只管 torch
print("random 的状态没变:", random.getstate() == py_state)
print("np.random 的状态没变:",
      bool((np.random.get_state()[1] == np_state).all()))
assert random.getstate() == py_state  # check
# --8<-- [end:other_generators]

# --8<-- [start:seed_everything]
import random

import numpy as np
import torch


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)    # CPU 和所有 GPU


seed_everything(0)
first = (random.random(), np.random.rand(), torch.rand(1).item())
seed_everything(0)
second = (random.random(), np.random.rand(), torch.rand(1).item())
print("random, np.random, torch:", [f"{v:.4f}" for v in first])
print("两次相同:", first == second)
assert first == second  # check
# --8<-- [end:seed_everything]

# --8<-- [start:hash_order]
import os
import subprocess
import sys

code = 'print(list({"cat", "dog", "bird"}))'
runs = []
for hash_seed in ["1", "3"]:                   # 模拟两次运行
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run([sys.executable, "-c", code], env=env,
                         capture_output=True, text=True).stdout
    runs.append(out.strip())
    print(f"PYTHONHASHSEED={hash_seed}:", runs[-1])
print("两次顺序相同:", runs[0] == runs[1])
print("sorted 之后:", sorted({"cat", "dog", "bird"}))
assert runs[0] != runs[1]  # check
# --8<-- [end:hash_order]

# --8<-- [start:generator]
import torch

g = torch.Generator().manual_seed(42)
torch.manual_seed(0)
before = torch.get_rng_state()
x = torch.randn(3, generator=g)
print("用 g 取数后，全局状态没变:", torch.equal(torch.get_rng_state(), before))

g2 = torch.Generator().manual_seed(42)
print("同一种子的另一个生成器，取到同样的数:",
      torch.equal(torch.randn(3, generator=g2), x))

state = g.get_state()
y = torch.rand(2, generator=g)
g.set_state(state)                             # 回到取 y 之前
print("恢复状态后重取:", torch.equal(torch.rand(2, generator=g), y))
print("g 的种子:", g.initial_seed())
assert torch.equal(torch.get_rng_state(), before)  # check
assert g.initial_seed() == 42  # check
# --8<-- [end:generator]

# --8<-- [start:generator_independent]
import torch
from torch import nn

for layers in [1, 2]:
    torch.manual_seed(0)
    nn.Sequential(*[nn.Linear(4, 4) for _ in range(layers)])
    g = torch.Generator().manual_seed(0)       # 数据专用的生成器
    perm = torch.randperm(6, generator=g)
    print(f"{layers} 层模型之后打乱:", perm)
    fresh = torch.Generator().manual_seed(0)  # check
    assert torch.equal(perm, torch.randperm(6, generator=fresh))  # check
# --8<-- [end:generator_independent]

# --8<-- [start:rng_state]
import torch

torch.manual_seed(0)
state = torch.get_rng_state()
print("状态:", state.dtype, tuple(state.shape), state.device)
a = torch.rand(2)
torch.set_rng_state(state)
b = torch.rand(2)
print("恢复状态后取到同样的数:", torch.equal(a, b))
assert torch.equal(a, b)  # check
# --8<-- [end:rng_state]

# --8<-- [start:fork_rng]
import torch

torch.manual_seed(0)
expected = torch.rand(2)                       # 不插入别的代码时取到的数

torch.manual_seed(0)
with torch.random.fork_rng():
    torch.manual_seed(123)
    torch.rand(1000)                           # 块里随便取
after = torch.rand(2)
print("块外的随机数不受影响:", torch.equal(after, expected))
assert torch.equal(after, expected)  # check
# --8<-- [end:fork_rng]

# --8<-- [start:rng_state_dtype]
import json

import torch

saved = json.dumps(torch.get_rng_state().tolist())   # 存成 JSON
state = torch.tensor(json.loads(saved))              # 读回来是 int64
print("读回的类型:", state.dtype)
torch.set_rng_state(state)  # raises: TypeError: RNG state must be a torch.ByteTensor
# --8<-- [end:rng_state_dtype]

# --8<-- [start:cuda_seed]
# requires: cuda
import torch

torch.manual_seed(0)                 # 也给每个 GPU 播种
print("GPU 的种子:", torch.cuda.initial_seed())
cpu = torch.randn(3)
gpu = torch.randn(3, device="cuda")
print("CPU 上取:", cpu)
print("GPU 上取:", gpu.cpu())
print("两个设备取到同样的数:", torch.equal(cpu, gpu.cpu()))

torch.manual_seed(0)
moved = torch.randn(3).to("cuda")    # 在 CPU 上取，再搬到 GPU
print("CPU 上取再搬过去:", torch.equal(moved.cpu(), cpu))
assert torch.cuda.initial_seed() == 0  # check
assert not torch.equal(cpu, gpu.cpu())  # check
# --8<-- [end:cuda_seed]

# --8<-- [start:generator_device]
# requires: cuda
import torch

g = torch.Generator().manual_seed(0)           # CPU 上的生成器
torch.rand(3, device="cuda", generator=g)  # raises: RuntimeError: device type for generator
# --8<-- [end:generator_device]

# --8<-- [start:deterministic_flag]
import torch

print("默认:", torch.are_deterministic_algorithms_enabled())
torch.use_deterministic_algorithms(True)
print("设置后:", torch.are_deterministic_algorithms_enabled())
print("填充未初始化内存:", torch.utils.deterministic.fill_uninitialized_memory)
print("torch.empty 浮点:", torch.empty(3))
print("torch.empty 整数:", torch.empty(2, dtype=torch.int64))
assert torch.empty(5).isnan().all()  # check
torch.use_deterministic_algorithms(False)
# --8<-- [end:deterministic_flag]

# --8<-- [start:nondeterministic_op]
import torch
from torch import nn

torch.manual_seed(0)
pool = nn.MaxPool2d(2, return_indices=True)
unpool = nn.MaxUnpool2d(2)
out, indices = pool(torch.randn(1, 1, 4, 4))
torch.use_deterministic_algorithms(True)
unpool(out, indices)  # raises: RuntimeError: does not have a deterministic implementation
# --8<-- [end:nondeterministic_op]

# --8<-- [start:warn_only]
import warnings

import torch
from torch import nn

torch.manual_seed(0)
out, indices = nn.MaxPool2d(2, return_indices=True)(torch.randn(1, 1, 4, 4))
torch.use_deterministic_algorithms(True, warn_only=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    restored = nn.MaxUnpool2d(2)(out, indices)  # 照常算出结果
torch.use_deterministic_algorithms(False)
print("结果形状:", tuple(restored.shape))
print("警告:", caught[0].category.__name__)
print(str(caught[0].message).split(" You can")[0])
assert len(caught) == 1  # check
# --8<-- [end:warn_only]

# --8<-- [start:cublas_matmul]
# requires: cuda
import os

import torch

os.environ.pop("CUBLAS_WORKSPACE_CONFIG", None)   # 确认没设这个变量
torch.use_deterministic_algorithms(True)
torch.manual_seed(0)
a = torch.randn(256, 256, device="cuda")
print("确定性模式下的矩阵乘法:", tuple((a @ a).shape))
print("两次结果逐位相同:", torch.equal(a @ a, a @ a))
torch.use_deterministic_algorithms(False)
# --8<-- [end:cublas_matmul]

# --8<-- [start:cudnn_flags]
import torch
from torch import nn

print("cudnn.benchmark:", torch.backends.cudnn.benchmark)
print("cudnn.deterministic:", torch.backends.cudnn.deterministic)

torch.use_deterministic_algorithms(True)
print("打开确定性算法后 cudnn.deterministic:",
      torch.backends.cudnn.deterministic)
torch.use_deterministic_algorithms(False)

torch.backends.cudnn.deterministic = True
print("只设 cudnn.deterministic 时确定性算法打开:",
      torch.are_deterministic_algorithms_enabled())
out, indices = nn.MaxPool2d(2, return_indices=True)(torch.randn(1, 1, 4, 4))
print("MaxUnpool2d 照常运行:", tuple(nn.MaxUnpool2d(2)(out, indices).shape))
torch.backends.cudnn.deterministic = False
# --8<-- [end:cudnn_flags]

# --8<-- [start:recipe]
import random

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

device = "cuda" if torch.cuda.is_available() else "cpu"
torch.use_deterministic_algorithms(True)
torch.backends.cudnn.benchmark = False


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train(seed):
    seed_everything(seed)
    data = TensorDataset(torch.randn(32, 4), torch.randn(32, 1))
    loader = DataLoader(data, batch_size=8, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(8, 1)).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(2):                         # 2 轮
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss = nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model[0].weight.detach().cpu()


w1, w2, w3 = train(0), train(0), train(1)
print("同一种子，两次训练的权重逐位相同:", torch.equal(w1, w2))
print("换一个种子，权重相同:", torch.equal(w1, w3))
assert torch.equal(w1, w2) and not torch.equal(w1, w3)  # check
# --8<-- [end:recipe]

# --8<-- [start:float_order]
import torch

x = torch.tensor([1e8, -1e8, 1.0])            # float32
left = (x[0] + x[1]) + x[2]
right = x[0] + (x[1] + x[2])                  # 1.0 被 1e8 吞掉了
print("(a + b) + c =", left.item())
print("a + (b + c) =", right.item())
assert left.item() == 1.0 and right.item() == 0.0  # check
# --8<-- [end:float_order]
