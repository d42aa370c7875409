"""torch.utils.checkpoint：反向传播时重算前向；梯度与不用检查点时相同；use_reentrant；Dropout 与随机数状态；BatchNorm 统计量；checkpoint_sequential；transformers 的写法。"""
# --8<-- [start:recompute]
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

class Counted(nn.Linear):
    """Linear 加 Tanh，记下 forward 被调用了几次。"""
    calls = 0

    def forward(self, x):
        self.calls += 1
        return torch.tanh(super().forward(x))

torch.manual_seed(0)
block = Counted(16, 16)
x = torch.randn(8, 16, requires_grad=True)

block(x).sum().backward()                      # 不用检查点
print("plain:      forward 调用次数 =", block.calls)
assert block.calls == 1  # check
grads_plain = [p.grad.clone() for p in block.parameters()] + [x.grad.clone()]

block.zero_grad()
x.grad = None
block.calls = 0
out = checkpoint(block, x, use_reentrant=False)
print("checkpoint: 前向之后 =", block.calls)   # 只算一次，不保存中间结果
assert block.calls == 1  # check
out.sum().backward()
print("checkpoint: 反向之后 =", block.calls)   # 再算一次前向，取回中间结果
assert block.calls == 2  # check
grads_ckpt = [p.grad.clone() for p in block.parameters()] + [x.grad.clone()]
same = all(torch.equal(a, b) for a, b in zip(grads_plain, grads_ckpt))
print("梯度与不用检查点时逐位相同:", same)
# --8<-- [end:recompute]

# --8<-- [start:memory]
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

blocks = nn.ModuleList([
    nn.Sequential(nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh())
    for _ in range(4)
])
h0 = torch.randn(32, 64, requires_grad=True)
param_storages = {p.untyped_storage().data_ptr() for p in blocks.parameters()}

def saved_activations(fn):
    """前向中为反向传播保存的激活值（不含参数）：保存次数、不同张量数、总字节数。"""
    saves, distinct = 0, {}
    def pack(t):
        nonlocal saves
        # 参数本来就在内存里，不算。空张量是 checkpoint 内部的占位
        # （有的版本会经过这个钩子），也不算。
        storage = t.untyped_storage()
        if t.numel() > 0 and storage.data_ptr() not in param_storages:
            saves += 1
            # 同一个张量保存多次，只占一份内存
            distinct[storage.data_ptr()] = storage.nbytes()
        return t
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        fn()
    return {"保存次数": saves, "不同张量": len(distinct),
            "字节": sum(distinct.values())}

def run(use_ckpt):
    h = h0
    for b in blocks:
        h = checkpoint(b, h, use_reentrant=False) if use_ckpt else b(h)
    return h

plain = saved_activations(lambda: run(False))
ckpt = saved_activations(lambda: run(True))
print("plain:     ", plain)
print("checkpoint:", ckpt)
one = h0.numel() * h0.element_size()           # 每个激活值都是 32×64 的 float32
print("每个激活值:", one, "字节")
assert plain["保存次数"] == 16  # 每块 4 次：两个 Linear 的输入，两个 Tanh 的输出  # check
assert plain["不同张量"] == 1 + 2 * 4 and plain["字节"] == 9 * one  # 第一块的输入 + 每块两个 Tanh 的输出  # check
assert ckpt["保存次数"] == ckpt["不同张量"] == 4 and ckpt["字节"] == 4 * one  # 只保存每块的输入  # check
# --8<-- [end:memory]

# --8<-- [start:use_reentrant]
import warnings

import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

lin = nn.Linear(4, 4)
x = torch.randn(2, 4, requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    checkpoint(lin, x)                         # 没写 use_reentrant
assert len(caught) == 1 and caught[0].category is UserWarning  # check
assert "use_reentrant parameter should be passed explicitly" in str(caught[0].message)  # check
print(f"{caught[0].category.__name__}: {caught[0].message}")

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    checkpoint(lin, x, use_reentrant=False)    # 显式传入
print("显式传入后的警告条数:", len(caught))
# --8<-- [end:use_reentrant]

# --8<-- [start:reentrant_pitfall]
import warnings

import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

lin = nn.Linear(4, 4)
# 输入不需要梯度（例如冻结的 embedding 的输出）
inp = torch.randn(2, 4)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out = checkpoint(lin, inp, use_reentrant=True)
assert "None of the inputs have requires_grad=True" in str(caught[0].message)  # check
print(f"{caught[0].category.__name__}: {caught[0].message}")
# lin 的参数得不到梯度
print("use_reentrant=True:  out.requires_grad =", out.requires_grad)
assert not out.requires_grad  # check

out = checkpoint(lin, inp, use_reentrant=False)
out.sum().backward()
print("use_reentrant=False: out.requires_grad =", out.requires_grad)
assert lin.weight.grad is not None  # check
# --8<-- [end:reentrant_pitfall]

# --8<-- [start:reentrant_grad]
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)
lin = nn.Linear(4, 4)
x = torch.randn(2, 4, requires_grad=True)
out = checkpoint(lin, x, use_reentrant=True)
print("前向没有报错，out.requires_grad =", out.requires_grad)
out2 = checkpoint(lin, x, use_reentrant=True)  # check
try:  # check
    out2.sum().backward(inputs=[x])
except RuntimeError as error:
    assert str(error).startswith("When use_reentrant=True, torch.utils.checkpoint is incompatible")
else:
    raise AssertionError("backward(inputs=...) worked with use_reentrant=True")
# 对输入求梯度（如梯度惩罚项）
torch.autograd.grad(out.sum(), x)  # raises: RuntimeError: When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or passing an `inputs` parameter to .backward()
# --8<-- [end:reentrant_grad]

# --8<-- [start:reentrant_grad_fix]
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)
lin = nn.Linear(4, 4)
x = torch.randn(2, 4, requires_grad=True)
(ref,) = torch.autograd.grad(lin(x).sum(), x)  # 对照：不用检查点

# 改法一：非可重入实现，autograd.grad 和 backward(inputs=...) 都能用
out = checkpoint(lin, x, use_reentrant=False)
(gx,) = torch.autograd.grad(out.sum(), x)
print("autograd.grad:         与不用检查点时相同", torch.equal(gx, ref))
out = checkpoint(lin, x, use_reentrant=False)
out.sum().backward(inputs=[x])                 # 只累加进 x.grad
print("backward(inputs=[x]):  与不用检查点时相同", torch.equal(x.grad, ref),
      " lin.weight.grad:", lin.weight.grad)

# 改法二：仍用可重入实现，但调用不带 inputs 的 backward()，再读 .grad
x.grad = None
out = checkpoint(lin, x, use_reentrant=True)
out.sum().backward()
print("可重入 + backward():   与不用检查点时相同", torch.equal(x.grad, ref),
      " lin.weight 也有梯度:", lin.weight.grad is not None)
# --8<-- [end:reentrant_grad_fix]

# --8<-- [start:dropout_rng]
import warnings

import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

drop_block = nn.Sequential(nn.Linear(8, 8), nn.Dropout(p=0.5))
xd = torch.randn(4, 8, requires_grad=True)

def run_once(**ckpt_kwargs):
    torch.manual_seed(123)                     # 每次从同一个随机数状态开始
    xd.grad = None
    if ckpt_kwargs:
        y = checkpoint(drop_block, xd, use_reentrant=False, **ckpt_kwargs)
    else:
        y = drop_block(xd)
    y.sum().backward()
    return y.detach(), xd.grad.clone()

y_plain, g_plain = run_once()
y_keep, g_keep = run_once(preserve_rng_state=True)     # 默认值
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    y_lose, g_lose = run_once(preserve_rng_state=False)
print("preserve_rng_state=True:  输出相同", torch.equal(y_keep, y_plain),
      " 梯度相同", torch.equal(g_keep, g_plain))
# 第一次前向一样，但重算用了另一个掩码，梯度错了
print("preserve_rng_state=False: 输出相同", torch.equal(y_lose, y_plain),
      " 梯度相同", torch.equal(g_lose, g_plain))
print("警告条数:", len(caught))                # 没有任何报错或警告
# --8<-- [end:dropout_rng]

# --8<-- [start:batchnorm_twice]
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)
x = torch.randn(8, 4, requires_grad=True)

bn = nn.BatchNorm1d(4)                         # 训练模式
out = checkpoint(bn, x, use_reentrant=False)
print("前向之后 num_batches_tracked =", bn.num_batches_tracked.item())
assert bn.num_batches_tracked.item() == 1  # check
out.sum().backward()                           # 重算时又更新了一次
print("反向之后 num_batches_tracked =", bn.num_batches_tracked.item())
assert bn.num_batches_tracked.item() == 2  # check

# 对照：不用检查点，同一批数据前向两次
twice = nn.BatchNorm1d(4)
twice(x)
twice(x)
same = (torch.equal(bn.running_mean, twice.running_mean)
        and torch.equal(bn.running_var, twice.running_var))
print("统计量等于同一批前向两次:", same)

# 也等于用更大的动量 1-(1-0.1)^2 更新一次
m2 = 1 - (1 - bn.momentum) ** 2
once = nn.BatchNorm1d(4, momentum=m2)
once(x)
print(f"等于动量 {m2:.2f} 更新一次:",
      torch.allclose(bn.running_mean, once.running_mean)
      and torch.allclose(bn.running_var, once.running_var))
# --8<-- [end:batchnorm_twice]

# --8<-- [start:batchnorm_outside]
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)
x = torch.randn(8, 4, requires_grad=True)
body = nn.Sequential(nn.Linear(4, 4), nn.Tanh())   # 没有 BatchNorm
bn = nn.BatchNorm1d(4)

# 只包住 body，BatchNorm 放在检查点外面
out = bn(checkpoint(body, x, use_reentrant=False))
out.sum().backward()
print("num_batches_tracked =", bn.num_batches_tracked.item())
assert bn.num_batches_tracked.item() == 1  # check
# --8<-- [end:batchnorm_outside]

# --8<-- [start:batchnorm_momentum]
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)
x = torch.randn(8, 4, requires_grad=True)
m = 0.1                                        # 想要的动量

# 两次更新合起来，等于一次动量为 m 的更新
bn = nn.BatchNorm1d(4, momentum=1 - (1 - m) ** 0.5)
checkpoint(bn, x, use_reentrant=False).sum().backward()

plain = nn.BatchNorm1d(4, momentum=m)          # 对照：不用检查点
plain(x)
print("running_mean 与不用检查点时相同:",
      torch.allclose(bn.running_mean, plain.running_mean))
print("running_var 与不用检查点时相同:",
      torch.allclose(bn.running_var, plain.running_var))
# 计数照样是 2
print("num_batches_tracked =", bn.num_batches_tracked.item())
# --8<-- [end:batchnorm_momentum]

# --8<-- [start:sequential]
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint_sequential

torch.manual_seed(0)
seq = nn.Sequential(*[nn.Sequential(nn.Linear(16, 16), nn.ReLU())
                      for _ in range(4)])
xs = torch.randn(8, 16, requires_grad=True)

seq(xs).sum().backward()
ref = [p.grad.clone() for p in seq.parameters()]
seq.zero_grad()

# 分成 2 段，只保存段边界
out = checkpoint_sequential(seq, 2, xs, use_reentrant=False)
out.sum().backward()
same = all(torch.equal(a, p.grad) for a, p in zip(ref, seq.parameters()))
print("segments=2，梯度与不用检查点时相同:", same)
# --8<-- [end:sequential]

# --8<-- [start:hf_pattern]
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

class Layer(nn.Linear):
    calls = 0                                  # forward 被调用的次数

    def forward(self, x):
        self.calls += 1
        return torch.tanh(super().forward(x))

class Encoder(nn.Module):
    def __init__(self, n_layers=3, dim=16):
        super().__init__()
        self.layers = nn.ModuleList(
            [Layer(dim, dim) for _ in range(n_layers)])
        self.gradient_checkpointing = False

    def forward(self, h):
        for layer in self.layers:
            if self.gradient_checkpointing and self.training:
                h = checkpoint(layer, h, use_reentrant=False)
            else:
                h = layer(h)
        return h

torch.manual_seed(0)
enc = Encoder()
# transformers 里由 gradient_checkpointing_enable() 打开
enc.gradient_checkpointing = True
h = torch.randn(2, 16, requires_grad=True)

enc.train()
enc(h).sum().backward()
print("train: 每层 forward 次数", [layer.calls for layer in enc.layers])
assert [layer.calls for layer in enc.layers] == [2, 2, 2]  # check

for layer in enc.layers:
    layer.calls = 0
enc.eval()
enc(h).sum().backward()                        # 照样反向传播
# 每层只调用了一次：eval 模式下没有走检查点
print("eval:  每层 forward 次数", [layer.calls for layer in enc.layers])
assert [layer.calls for layer in enc.layers] == [1, 1, 1]  # check
# --8<-- [end:hf_pattern]

# --8<-- [start:hf_layer]
from functools import partial

import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

class CheckpointingLayer(nn.Module):
    """仿照 GradientCheckpointingLayer：判断写在 __call__ 里。"""
    gradient_checkpointing = False

    def __call__(self, *args, **kwargs):
        if self.gradient_checkpointing and self.training:
            fn = partial(super().__call__, **kwargs)
            return checkpoint(fn, *args, use_reentrant=False)
        return super().__call__(*args, **kwargs)

class Layer(CheckpointingLayer):
    calls = 0                                  # forward 被调用的次数

    def __init__(self, dim=16):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        self.calls += 1
        return torch.tanh(self.fc(x))

torch.manual_seed(0)
# 模型的 forward 里不再有判断：直接逐层调用
model = nn.Sequential(Layer(), Layer(), Layer())
for layer in model:
    layer.gradient_checkpointing = True
h = torch.randn(2, 16, requires_grad=True)

model.train()
model(h).sum().backward()
print("train: 每层 forward 次数", [layer.calls for layer in model])
assert [layer.calls for layer in model] == [2, 2, 2]  # check

for layer in model:
    layer.calls = 0
model.eval()
model(h).sum().backward()
print("eval:  每层 forward 次数", [layer.calls for layer in model])
assert [layer.calls for layer in model] == [1, 1, 1]  # check
# --8<-- [end:hf_layer]
