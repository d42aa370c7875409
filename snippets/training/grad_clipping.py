"""梯度裁剪：clip_grad_norm_ 的总范数与缩放系数，返回值，norm_type，非有限梯度，
clip_grad_value_，在训练循环中的位置，混合精度下先 unscale_。"""
# --8<-- [start:total_norm]
import torch
from torch.nn.utils import clip_grad_norm_

a = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
a.grad = torch.tensor([3.0, 4.0])      # 范数 5
b.grad = torch.tensor([12.0])          # 范数 12
ga, gb = a.grad.clone(), b.grad.clone()

total = clip_grad_norm_([a, b], max_norm=10.0)
print(f"各自的范数: {ga.norm():.4f}, {gb.norm():.4f}")
print(f"总范数:     {total:.4f}")
print(f"缩放系数:   {10.0 / (total + 1e-6):.4f}")
print("a.grad:", a.grad)
print("b.grad:", b.grad)
norms = torch.stack([ga.norm(), gb.norm()])  # check
assert torch.isclose(total, norms.pow(2).sum().sqrt())  # check
assert torch.isclose(total, torch.cat([ga, gb]).norm())  # check
c = min(10.0 / (13.0 + 1e-6), 1.0)  # check
assert torch.allclose(a.grad, ga * c) and torch.allclose(b.grad, gb * c)  # check
assert not torch.equal(a.grad, ga)  # check
after = torch.cat([a.grad, b.grad]).norm()  # check
assert torch.isclose(after, torch.tensor(10.0))  # check
# --8<-- [end:total_norm]

# --8<-- [start:returns_norm_before]
import torch
from torch.nn.utils import clip_grad_norm_

w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
w.grad = torch.tensor([6.0, 8.0], dtype=torch.float64)

returned = clip_grad_norm_([w], max_norm=1.0)
print(f"返回值:     {returned:.7f}")
print(f"裁剪后范数: {w.grad.norm():.7f}")
assert returned.item() == 10.0  # check
assert abs(w.grad.norm().item() - 10.0 / (10.0 + 1e-6)) < 1e-12  # check
assert w.grad.norm().item() < 1.0  # check
# --8<-- [end:returns_norm_before]

# --8<-- [start:below_max_norm]
import torch
from torch.nn.utils import clip_grad_norm_

w = torch.zeros(2, requires_grad=True)
w.grad = torch.tensor([0.3, 0.4])      # 范数 0.5 < max_norm
before = w.grad.clone()

total = clip_grad_norm_([w], max_norm=1.0)
print(f"总范数: {total:.4f}")
print("梯度不变:", torch.equal(w.grad, before))
assert torch.equal(w.grad, before)  # check
# --8<-- [end:below_max_norm]

# --8<-- [start:norm_inf]
import torch
from torch.nn.utils import clip_grad_norm_

a = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
a.grad = torch.tensor([3.0, -4.0])
b.grad = torch.tensor([2.0])

total = clip_grad_norm_([a, b], max_norm=1.0, norm_type="inf")
print(f"总范数（最大绝对值）: {total:.4f}")
print("a.grad:", a.grad)
print("b.grad:", b.grad)
assert total.item() == 4.0  # check
c = 1.0 / (4.0 + 1e-6)  # check
assert torch.allclose(a.grad, torch.tensor([3.0, -4.0]) * c)  # check
assert torch.allclose(b.grad, torch.tensor([2.0]) * c)  # check
# --8<-- [end:norm_inf]

# --8<-- [start:nonfinite_default]
import torch
from torch.nn.utils import clip_grad_norm_

a = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for bad in [float("nan"), float("inf")]:
    a.grad = torch.tensor([bad, 4.0])
    b.grad = torch.tensor([2.0])       # b 的梯度本来是正常的
    total = clip_grad_norm_([a, b], max_norm=1.0)
    print(f"a.grad[0]={bad}: 总范数 {total}  a.grad {a.grad}"
          f"  b.grad {b.grad}")
    assert not torch.isfinite(total)  # check
    assert torch.isnan(a.grad[0])  # check
assert torch.equal(b.grad, torch.tensor([0.0]))  # check
# --8<-- [end:nonfinite_default]

# --8<-- [start:nonfinite_error]
import torch
from torch.nn.utils import clip_grad_norm_

a = torch.zeros(2, requires_grad=True)
a.grad = torch.tensor([float("nan"), 4.0])
clip_grad_norm_([a], max_norm=1.0, error_if_nonfinite=True)  # raises: RuntimeError: is non-finite, so it cannot be clipped
# --8<-- [end:nonfinite_error]

# --8<-- [start:clip_value]
import torch
from torch.nn.utils import clip_grad_value_

w = torch.zeros(4, requires_grad=True)
w.grad = torch.tensor([0.5, -3.0, 2.0, -0.1])
before = w.grad.clone()

result = clip_grad_value_([w], clip_value=1.0)
print("返回值:", result)
print("裁剪后:", w.grad)
print(f"方向变了: 第 1、2 个元素之比 {before[1] / before[2]:.4f}"
      f" -> {w.grad[1] / w.grad[2]:.4f}")
assert result is None  # check
assert torch.equal(w.grad, before.clamp(-1.0, 1.0))  # check
# --8<-- [end:clip_value]

# --8<-- [start:in_the_loop]
import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_

torch.manual_seed(0)
model = nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(8, 4) * 10, torch.randn(8, 1)

for step in range(3):
    opt.zero_grad()
    loss = (model(x) - y).pow(2).mean()
    loss.backward()
    norm = clip_grad_norm_(model.parameters(), max_norm=1.0)
    opt.step()
    print(f"第 {step} 步: 损失 {loss.item():.4f}  裁剪前范数 {norm:.4f}")
    grads = [p.grad for p in model.parameters()]  # check
    assert torch.cat([g.flatten() for g in grads]).norm() <= 1.0  # check
    assert norm > 1.0  # check
# --8<-- [end:in_the_loop]

# --8<-- [start:clip_before_backward]
import torch
from torch.nn.utils import clip_grad_norm_

x = torch.tensor([3.0, 4.0])
w = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([w], lr=1.0)

opt.zero_grad()                        # w.grad 是 None
norm = clip_grad_norm_([w], max_norm=1.0)   # 错：还没有梯度
(w @ x).backward()
opt.step()
print(f"clip 返回: {norm:.4f}")
print(f"step 用到的梯度范数: {w.grad.norm():.4f}")
print("w:", w.detach())
assert norm.item() == 0.0  # check
assert torch.equal(w.detach(), -x)  # check
# --8<-- [end:clip_before_backward]

# --8<-- [start:amp_unscale]
import torch
from torch.nn.utils import clip_grad_norm_

x = torch.tensor([3.0, 4.0])
w = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([w], lr=1.0)
scaler = torch.amp.GradScaler("cpu", init_scale=1024.0)

opt.zero_grad()
scaler.scale(w @ x).backward()         # 梯度被放大 1024 倍
print("backward 后:", w.grad)
scaler.unscale_(opt)                   # 先除回去
print("unscale_ 后:", w.grad)
norm = clip_grad_norm_([w], max_norm=1.0)
scaler.step(opt)                       # 已经 unscale_，不会再除一次
scaler.update()
print(f"裁剪前范数: {norm:.4f}")
print("w:", w.detach())
assert norm.item() == 5.0  # check
assert torch.allclose(w.detach(), torch.tensor([-0.6, -0.8]))  # check
# --8<-- [end:amp_unscale]

# --8<-- [start:amp_no_unscale]
import torch
from torch.nn.utils import clip_grad_norm_

x = torch.tensor([3.0, 4.0])
w = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([w], lr=1.0)
scaler = torch.amp.GradScaler("cpu", init_scale=1024.0)

opt.zero_grad()
scaler.scale(w @ x).backward()
norm = clip_grad_norm_([w], max_norm=1.0)   # 错：裁剪的是放大后的梯度
scaler.step(opt)                       # 这里再除以 1024
scaler.update()
print(f"裁剪前范数: {norm:.4f}")
print(f"这一步 w 只移动了 {w.detach().norm():.6f}")
assert norm.item() == 5120.0  # check
assert abs(w.detach().norm().item() - 1.0 / 1024) < 1e-6  # check
# --8<-- [end:amp_no_unscale]

# --8<-- [start:amp_skips_nonfinite]
import torch
from torch.nn.utils import clip_grad_norm_

w = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([w], lr=1.0)
scaler = torch.amp.GradScaler("cpu", init_scale=1024.0)

opt.zero_grad()
scaler.scale(w @ torch.tensor([float("inf"), 4.0])).backward()
scaler.unscale_(opt)
norm = clip_grad_norm_([w], max_norm=1.0)   # 默认不报错
scaler.step(opt)                       # 发现 inf，跳过这一步
scaler.update()                        # 缩放系数减半
print(f"裁剪前范数: {norm}")
print("w:", w.detach())
print("新的缩放系数:", scaler.get_scale())
assert torch.equal(w.detach(), torch.zeros(2))  # check
assert scaler.get_scale() == 512.0  # check
assert scaler.get_backoff_factor() == 0.5  # check
# --8<-- [end:amp_skips_nonfinite]

# --8<-- [start:unscale_twice]
import torch

w = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([w], lr=1.0)
scaler = torch.amp.GradScaler("cpu")
scaler.scale(w @ torch.tensor([3.0, 4.0])).backward()
scaler.unscale_(opt)
scaler.unscale_(opt)  # raises: RuntimeError: unscale_() has already been called on this optimizer
# --8<-- [end:unscale_twice]

# --8<-- [start:empty_generator]
import warnings
import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_

model = nn.Linear(3, 1)
params = model.parameters()            # 生成器，只能遍历一次
opt = torch.optim.SGD(params, lr=0.1)  # 这里已经把它遍历完了
model(torch.ones(1, 3)).sum().backward()

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    norm = clip_grad_norm_(params, max_norm=1.0)
opt.step()
print(f"返回: {norm:.4f}")
print("警告:", caught[0].message)
grads = [p.grad.flatten() for p in model.parameters()]
print(f"梯度范数仍是 {torch.cat(grads).norm():.4f}")
assert len(caught) == 1 and caught[0].category is UserWarning  # check
# --8<-- [end:empty_generator]
