"""autocast 与 GradScaler：哪些运算用低精度，梯度缩放怎样跳过 inf，torch.amp 的新旧名字。"""
# --8<-- [start:cpu_bfloat16]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
model = nn.Linear(8, 3)                      # 参数是 float32
x = torch.randn(4, 8)
y = torch.tensor([0, 2, 1, 2])

with torch.autocast("cpu", dtype=torch.bfloat16):
    logits = model(x)                        # linear：低精度
    loss = F.cross_entropy(logits, y)        # cross_entropy：float32
    print("autocast 已开启:", torch.is_autocast_enabled("cpu"))
    print("低精度类型:", torch.get_autocast_dtype("cpu"))
print("logits:", logits.dtype)
print("loss:", loss.dtype)
print("参数仍是:", model.weight.dtype)
print("退出后 model(x):", model(x).dtype)
assert logits.dtype == torch.bfloat16 and loss.dtype == torch.float32  # check
assert not torch.is_autocast_enabled("cpu")  # check
# --8<-- [end:cpu_bfloat16]

# --8<-- [start:op_dtypes]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(4, 8)                         # float32 输入
w = torch.randn(8, 8)
img = torch.randn(1, 3, 8, 8)
kernel = torch.randn(2, 3, 3, 3)
p = torch.rand(4, 8)

with torch.autocast("cpu", dtype=torch.bfloat16):
    h = x @ w                                 # bfloat16
    results = {
        "x @ w": h,
        "F.linear(x, w)": F.linear(x, w),
        "F.conv2d": F.conv2d(img, kernel),
        "relu(x)": torch.relu(x),
        "relu(h)": torch.relu(h),
        "softmax(h)": h.softmax(dim=1),
        "layer_norm(h)": F.layer_norm(h, (8,)),
        "mse_loss(h, x)": F.mse_loss(h, x),
        "binary_cross_entropy": F.binary_cross_entropy(p, p),
        "h + x": h + x,
        "cat([h, x])": torch.cat([h, x]),
    }
for name, out in results.items():
    print(f"{name:<22}{out.dtype}")
assert h.dtype == torch.bfloat16 and results["h + x"].dtype == torch.float32  # check
# --8<-- [end:op_dtypes]

# --8<-- [start:backward_dtypes]
import torch

torch.manual_seed(0)
w = torch.randn(8, 8, requires_grad=True)     # float32 参数
x = torch.randn(4, 8)

with torch.autocast("cpu", dtype=torch.bfloat16):
    h = x @ w                                 # 前向在 bfloat16
    loss = h.float().pow(2).mean()
h.retain_grad()
loss.backward()                               # 在 autocast 之外反向传播
print("h.grad:", h.grad.dtype)
print("w.grad:", w.grad.dtype)
assert w.grad.shape == w.shape  # check
# --8<-- [end:backward_dtypes]

# --8<-- [start:disable_region]
import torch

torch.manual_seed(0)
a, b, c = torch.randn(4, 4), torch.randn(4, 4), torch.randn(4, 4)

with torch.autocast("cpu", dtype=torch.bfloat16):
    e = a @ b
    with torch.autocast("cpu", enabled=False):
        # 在这里不会自动转换：bfloat16 的输入要自己转回 float32
        f = c @ e.float()
    g = c @ f                                 # 重新进入 autocast
print("e:", e.dtype)
print("f:", f.dtype)
print("g:", g.dtype)
assert f.dtype == torch.float32 and g.dtype == torch.bfloat16  # check
# --8<-- [end:disable_region]

# --8<-- [start:dtype_mismatch]
import torch
import torch.nn as nn

torch.manual_seed(0)
encoder = nn.Linear(8, 4)
head = nn.Linear(4, 2)
x = torch.randn(3, 8)

with torch.autocast("cpu", dtype=torch.bfloat16):
    h = encoder(x)                            # bfloat16
assert head(h.float()).dtype == torch.float32  # check
head(h)                                       # 已在 autocast 之外  # raises: RuntimeError: must have the same dtype
# --8<-- [end:dtype_mismatch]

# --8<-- [start:mixed_half_types]
import torch

half = torch.rand(2, 3, dtype=torch.float16)       # 例如 .half() 过的模块算出来的
full = torch.rand(2, 3)
with torch.autocast("cpu", dtype=torch.bfloat16):
    assert torch.cat([full, half]).dtype == torch.float32  # check
    try:  # check
        torch.stack([half, full])
    except RuntimeError as error:
        assert "at::autocast::prioritize" in str(error)
    else:
        raise AssertionError("stack mixed float16 and float32 without error")
    torch.cat([half, full])                        # raises: RuntimeError: Unexpected floating ScalarType in at::autocast::prioritize
# --8<-- [end:mixed_half_types]

# --8<-- [start:mixed_half_types_fix]
import torch

half = torch.rand(2, 3, dtype=torch.float16)
full = torch.rand(2, 3)
with torch.autocast("cpu", dtype=torch.bfloat16):
    print("转成 float32: ", torch.cat([half.float(), full]).dtype)
    # 转成 autocast 的类型也行；有 float32 输入，结果仍是 float32
    print("转成 bfloat16:", torch.cat([half.bfloat16(), full]).dtype)
# --8<-- [end:mixed_half_types_fix]

# --8<-- [start:master_weights]
import torch

for dtype in (torch.float32, torch.float16, torch.bfloat16):
    w = torch.tensor(1.0, dtype=dtype)
    new = w - 1e-3                            # 一次很小的更新
    eps = torch.finfo(dtype).eps
    print(f"{str(dtype):<15} eps={eps:.1e}  1 - 0.001 -> {new.item():.6f}")
assert (torch.tensor(1.0, dtype=torch.bfloat16) - 1e-3).item() == 1.0  # check
# --8<-- [end:master_weights]

# --8<-- [start:fp16_range]
import torch

for dtype in (torch.float16, torch.bfloat16, torch.float32):
    info = torch.finfo(dtype)
    print(f"{str(dtype):<15} max={info.max:.3e}  tiny={info.tiny:.3e}")

g = torch.tensor(1e-8)                        # 一个很小的梯度
print(f"float16 直接存:      {g.half().item():.3e}")
s = 65536.0                                   # 2**16，GradScaler 的初始值
print(f"乘 s 后存成 float16: {g.mul(s).half().item():.3e}")
print(f"再除回 s:            {g.mul(s).half().float().item() / s:.3e}")
print(f"bfloat16 直接存:     {g.bfloat16().item():.3e}")
assert g.half().item() == 0.0 and g.bfloat16().item() != 0.0  # check
assert torch.tensor(2.0**-24).half().item() == 2.0**-24  # check
assert torch.tensor(2.0**-26).half().item() == 0.0  # check
# --8<-- [end:fp16_range]

# --8<-- [start:scaler_loop]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
model = nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler("cpu", init_scale=1024.0)
x, y = torch.randn(8, 4), torch.randn(8, 1)

opt.zero_grad()
with torch.autocast("cpu", dtype=torch.float16):
    loss = F.mse_loss(model(x), y)            # mse_loss 在 float32
scaler.scale(loss).backward()                 # 对 s * loss 反向传播
print("缩放系数 s:", scaler.get_scale())
print("backward 后:", model.weight.grad)
scaler.unscale_(opt)                          # 原地除以 s
print("unscale_ 后:", model.weight.grad)
scaler.step(opt)                              # 梯度有限：调用 opt.step()
scaler.update()
print("update 后 s:", scaler.get_scale())
torch.manual_seed(0)  # check
ref = nn.Linear(4, 1)  # check
with torch.autocast("cpu", dtype=torch.float16):  # check
    F.mse_loss(ref(x), y).backward()
assert torch.allclose(model.weight.grad, ref.weight.grad)  # check
# --8<-- [end:scaler_loop]

# --8<-- [start:skipped_step]
import torch

w = torch.nn.Parameter(torch.ones(2))
opt = torch.optim.SGD([w], lr=0.1)
scaler = torch.amp.GradScaler("cpu", init_scale=1024.0, growth_interval=2)
for step in range(5):
    opt.zero_grad()
    s = scaler.get_scale()
    scaler.scale((w * w).sum()).backward()    # 真实梯度 2w
    if step == 1:
        w.grad[0] = float("inf")              # 人为放一个 inf
    before = w.detach().clone()
    result = scaler.step(opt)                 # 跳过与否都是 None
    scaler.update()
    found_inf = not torch.isfinite(w.grad).all().item()
    skipped = torch.equal(before, w.detach())
    print(f"第 {step} 步: s={s:<5.0f} 有 inf={found_inf!s:<5} "
          f"跳过={skipped!s:<5} step 返回 {result}  "
          f"w[0]={w[0].item():.4f} 新 s={scaler.get_scale():.0f}")
    assert skipped == (step == 1)  # check
assert scaler.get_scale() == 1024.0  # check
# --8<-- [end:skipped_step]

# --8<-- [start:first_steps_skipped]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
model = nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.01)
scaler = torch.amp.GradScaler("cpu")          # 默认 init_scale=65536
x, y = torch.randn(16, 4) * 4, torch.randn(16, 1)

for step in range(6):
    opt.zero_grad()
    with torch.autocast("cpu", dtype=torch.float16):
        loss = F.mse_loss(model(x), y)
    s = scaler.get_scale()
    scaler.scale(loss).backward()
    scaler.step(opt)
    scaler.update()
    skipped = scaler.get_scale() < s          # 缩放系数变小：这一步被跳过
    g = model.weight.grad.abs().max().item()  # step 已把梯度除回 s
    print(f"第 {step} 步: s={s:<8.0f} 跳过={skipped!s:<5} "
          f"权重梯度的最大绝对值={g:.1f}")
    assert skipped == (g == float("inf"))  # check
    assert step != 4 or 65504 / 8192 < g < 65504 / 4096  # check
assert scaler.get_scale() == 4096.0  # check
# --8<-- [end:first_steps_skipped]

# --8<-- [start:fp16_model]
import torch
import torch.nn as nn

model = nn.Linear(4, 1).half()                # 错：把参数本身转成 float16
opt = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler("cpu")
loss = model(torch.randn(8, 4).half()).float().mean()
scaler.scale(loss).backward()
scaler.step(opt)  # raises: ValueError: Attempting to unscale FP16 gradients.
# --8<-- [end:fp16_model]

# --8<-- [start:no_grads]
import torch
import torch.nn as nn

generator = nn.Linear(4, 1)
critic = nn.Linear(4, 1)
opt = torch.optim.SGD(critic.parameters(), lr=0.1)
scaler = torch.amp.GradScaler("cpu")
loss = generator(torch.randn(8, 4)).mean()    # critic 的参数没有梯度
scaler.scale(loss).backward()
scaler.step(opt)  # raises: AssertionError: No inf checks were recorded for this optimizer.
# --8<-- [end:no_grads]

# --8<-- [start:step_twice]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
model = nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler("cpu", init_scale=1024.0)
x, y = torch.randn(8, 4), torch.randn(8, 1)
other = nn.Linear(4, 1)  # check
other_opt = torch.optim.SGD(other.parameters(), lr=0.1)  # check
other_scaler = torch.amp.GradScaler("cpu")  # check
other_scaler.scale(other(x).sum()).backward()  # check
other_scaler.step(other_opt)  # check
try:  # check
    other_scaler.step(other_opt)  # same iteration, same optimizer, twice
except RuntimeError as error:
    assert str(error) == "step() has already been called since the last update()."
else:
    raise AssertionError("a second step() in one iteration did not fail")

for step in range(2):
    opt.zero_grad()
    with torch.autocast("cpu", dtype=torch.float16):
        loss = F.mse_loss(model(x), y)
    scaler.scale(loss).backward()
    print(f"第 {step} 步: scaler.step(opt)")
    scaler.step(opt)                          # 漏了 scaler.update()  # raises: RuntimeError: step() has already been called since the last update().
# --8<-- [end:step_twice]

# --8<-- [start:device_object]
import torch

x = torch.randn(2, 2)
assert torch.autocast(x.device.type).device == "cpu"  # check
torch.autocast(x.device)                      # 要的是字符串 "cpu"  # raises: ValueError: Expected `device_type` of type `str`
# --8<-- [end:device_object]

# --8<-- [start:missing_device_type]
import torch

# 从 torch.cuda.amp.autocast(dtype=...) 改过来时漏了设备类型
torch.amp.autocast(dtype=torch.float16)  # raises: TypeError: missing 1 required positional argument: 'device_type'
# --8<-- [end:missing_device_type]

# --8<-- [start:deprecated_names]
import warnings
import torch

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.cuda.amp.autocast()
    torch.cuda.amp.GradScaler()
    torch.cpu.amp.autocast()
    torch.cpu.amp.GradScaler()
for w in caught:
    if w.category is FutureWarning:           # 只看弃用警告
        print(f"{w.category.__name__}: {w.message}")
assert sum(w.category is FutureWarning for w in caught) == 4  # check
assert torch.autocast is torch.amp.autocast  # check
# --8<-- [end:deprecated_names]

# --8<-- [start:unsupported_dtype]
import warnings
import torch

x = torch.randn(2, 2)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autocast("cpu", dtype=torch.float64):
        y = x @ x
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print("x @ x:", y.dtype)
assert y.dtype == torch.float32  # check
# --8<-- [end:unsupported_dtype]

# --8<-- [start:no_gpu]
# requires: no_cuda
import warnings
import torch

x = torch.randn(2, 2)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    scaler = torch.amp.GradScaler()           # device 默认是 "cuda"
    with torch.autocast("cuda"):
        y = x @ x
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print("scaler 启用:", scaler.is_enabled())
loss = y.sum()
print("scale(loss) 原样返回:", scaler.scale(loss) is loss)
print("x @ x:", y.dtype)
assert not scaler.is_enabled() and y.dtype == torch.float32  # check
# --8<-- [end:no_gpu]

# --8<-- [start:cast_overhead]
import os

os.environ["KINETO_LOG_LEVEL"] = "6"   # 关掉 profiler 写到 stderr 的日志
import torch
import torch.nn as nn
from torch.profiler import ProfilerActivity, profile

torch.manual_seed(0)
cell = nn.Linear(64, 64)               # 同一层在循环里用 5 次
h0 = torch.randn(8, 64)


def float32_loop():
    h = h0
    for _ in range(5):
        h = torch.tanh(cell(h))


def autocast_outside():                # autocast 包住整个循环
    with torch.autocast("cpu", dtype=torch.bfloat16):
        h = h0
        for _ in range(5):
            h = torch.tanh(cell(h))


def autocast_inside():                 # 每一步进出一次 autocast
    h = h0
    for _ in range(5):
        with torch.autocast("cpu", dtype=torch.bfloat16):
            h = torch.tanh(cell(h))


def count_ops(fn):
    with profile(activities=[ProfilerActivity.CPU], acc_events=True) as prof:
        fn()
    counts = {e.key: e.count for e in prof.key_averages()}
    return counts["aten::addmm"], counts.get("aten::_to_copy", 0)


print("addmm  _to_copy")
for fn in (float32_loop, autocast_outside, autocast_inside):
    n_mm, n_cast = count_ops(fn)
    print(f"{n_mm:5d}  {n_cast:8d}  {fn.__name__}")
assert count_ops(autocast_outside) == (5, 3)  # check
assert count_ops(autocast_inside) == (5, 11)  # check
assert count_ops(torch.autocast("cpu", dtype=torch.bfloat16, cache_enabled=False)(float32_loop)) == (5, 11)  # check
# --8<-- [end:cast_overhead]

# --8<-- [start:cuda_float16]
# requires: cuda
import torch
import torch.nn.functional as F

x = torch.randn(4, 8, device="cuda")
w = torch.randn(8, 8, device="cuda")
with torch.autocast("cuda"):
    h = x @ w
    print("默认低精度类型:", torch.get_autocast_dtype("cuda"))
    print("x @ w:", h.dtype)
    print("relu(h):", torch.relu(h).dtype)
    print("softmax(h):", h.softmax(dim=1).dtype)
    print("layer_norm(h):", F.layer_norm(h, (8,)).dtype)
# --8<-- [end:cuda_float16]

# --8<-- [start:cuda_bce]
# requires: cuda
import torch
import torch.nn.functional as F

logits = torch.randn(4, device="cuda")
target = torch.rand(4, device="cuda")
with torch.autocast("cuda"):
    prob = torch.sigmoid(logits)
    F.binary_cross_entropy(prob, target)  # raises: RuntimeError: unsafe to autocast
# --8<-- [end:cuda_bce]
