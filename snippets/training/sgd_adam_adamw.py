"""SGD、Adam 与 AdamW：三种更新规则逐步与手算核对，L2 权重衰减与解耦的权重衰减，常见报错。"""
# --8<-- [start:sgd_momentum]
import torch

torch.set_printoptions(precision=4)
lr, mu = 0.1, 0.9
grads = torch.tensor([[1.0, -2.0], [0.5, 0.5], [-1.0, 3.0]])  # 每步的梯度
p = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([p], lr=lr, momentum=mu)

theta = torch.zeros(2)                 # 手算的参数
for t, g in enumerate(grads, start=1):
    p.grad = g.clone()
    opt.step()
    b = g if t == 1 else mu * b + g    # 动量缓冲：第 1 步直接取 g
    theta = theta - lr * b
    print(f"t={t}  SGD: {p.detach()}  手算: {theta}")
    assert torch.allclose(p, theta)  # check
    assert torch.allclose(opt.state[p]["momentum_buffer"], b)  # check
# --8<-- [end:sgd_momentum]

# --8<-- [start:sutskever_form]
import torch

torch.set_printoptions(precision=4)
mu = 0.9
grads = torch.tensor([[1.0], [1.0], [1.0]])
lrs = [0.1, 0.1, 0.01]                 # 第 3 步把学习率降到 1/10
p = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([p], lr=lrs[0], momentum=mu)

a, v_a = torch.zeros(1), torch.zeros(1)    # PyTorch 的写法
s, v_s = torch.zeros(1), torch.zeros(1)    # Sutskever 等人的写法
for t, (g, lr) in enumerate(zip(grads, lrs), start=1):
    opt.param_groups[0]["lr"] = lr
    p.grad = g.clone()
    opt.step()
    v_a = mu * v_a + g
    a = a - lr * v_a
    v_s = mu * v_s + lr * g
    s = s - v_s
    print(f"t={t} lr={lr}  SGD: {p.item():.4f}  PyTorch 式: {a.item():.4f}"
          f"  Sutskever 式: {s.item():.4f}")
    assert torch.allclose(p, a)  # check
assert not torch.allclose(a, s)  # check
# --8<-- [end:sutskever_form]

# --8<-- [start:nesterov]
import torch

torch.set_printoptions(precision=4)
lr, mu = 0.1, 0.9
grads = torch.tensor([[1.0, -2.0], [0.5, 0.5], [-1.0, 3.0]])
p = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([p], lr=lr, momentum=mu, nesterov=True)

theta = torch.zeros(2)
for t, g in enumerate(grads, start=1):
    p.grad = g.clone()
    opt.step()
    b = g if t == 1 else mu * b + g
    theta = theta - lr * (g + mu * b)      # 用 g + μb 代替 b
    print(f"t={t}  SGD: {p.detach()}  手算: {theta}")
    assert torch.allclose(p, theta)  # check
# --8<-- [end:nesterov]

# --8<-- [start:dampening]
import torch

torch.set_printoptions(precision=4)
mu, tau = 0.9, 0.5
grads = torch.tensor([[1.0], [1.0], [1.0]])
p = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([p], lr=0.1, momentum=mu, dampening=tau)

for t, g in enumerate(grads, start=1):
    p.grad = g.clone()
    opt.step()
    b = g if t == 1 else mu * b + (1 - tau) * g   # 第 1 步不乘 1-τ
    buf = opt.state[p]["momentum_buffer"]
    print(f"t={t}  动量缓冲: {buf.item():.4f}  手算: {b.item():.4f}")
    assert torch.allclose(buf, b)  # check
# --8<-- [end:dampening]

# --8<-- [start:sgd_weight_decay]
import torch

torch.set_printoptions(precision=4)
torch.manual_seed(0)
x, y = torch.randn(4, 3), torch.randn(4)
lam = 0.1
w1 = torch.ones(3, requires_grad=True)     # 用 weight_decay=λ
w2 = torch.ones(3, requires_grad=True)     # 把 λ/2·‖w‖² 加进损失
opt1 = torch.optim.SGD([w1], lr=0.1, momentum=0.9, weight_decay=lam)
opt2 = torch.optim.SGD([w2], lr=0.1, momentum=0.9)

for t in range(1, 4):
    opt1.zero_grad()
    opt2.zero_grad()
    ((x @ w1 - y) ** 2).mean().backward()
    loss2 = ((x @ w2 - y) ** 2).mean() + lam / 2 * (w2 ** 2).sum()
    loss2.backward()
    opt1.step()
    opt2.step()
    print(f"t={t}  weight_decay: {w1.detach()}  L2 惩罚: {w2.detach()}")
    assert torch.allclose(w1, w2)  # check
# --8<-- [end:sgd_weight_decay]

# --8<-- [start:adam_rule]
import torch

torch.set_printoptions(precision=4)
lr, (b1, b2), eps = 0.1, (0.9, 0.999), 1e-8
grads = torch.tensor([[1.0, -2.0], [0.5, 0.5], [-1.0, 3.0]])
p = torch.zeros(2, requires_grad=True)
opt = torch.optim.Adam([p], lr=lr, betas=(b1, b2), eps=eps)

theta, m, v = torch.zeros(2), torch.zeros(2), torch.zeros(2)
for t, g in enumerate(grads, start=1):
    p.grad = g.clone()
    opt.step()
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    m_hat = m / (1 - b1 ** t)              # 偏差修正，t 从 1 数起
    v_hat = v / (1 - b2 ** t)
    theta = theta - lr * m_hat / (v_hat.sqrt() + eps)
    print(f"t={t}  Adam: {p.detach()}  手算: {theta}")
    assert torch.allclose(p, theta)  # check
    assert opt.state[p]["step"].item() == t  # check
    assert torch.allclose(opt.state[p]["exp_avg"], m)  # check
    assert torch.allclose(opt.state[p]["exp_avg_sq"], v)  # check
# --8<-- [end:adam_rule]

# --8<-- [start:adam_first_step]
import torch

torch.set_printoptions(precision=4, sci_mode=False)
g = torch.tensor([1000.0, 0.001, -5.0])   # 大小差了几个数量级
p = torch.zeros(3, requires_grad=True)
opt = torch.optim.Adam([p], lr=0.1)
p.grad = g.clone()
opt.step()
print("梯度:      ", g)
print("第 1 步更新:", p.detach())
assert torch.allclose(p, -0.1 * g.sign(), atol=1e-5)  # check
# --8<-- [end:adam_first_step]

# --8<-- [start:adam_eps]
import torch

lr, eps = 0.1, 0.01
p = torch.zeros(1, requires_grad=True)
opt = torch.optim.Adam([p], lr=lr, eps=eps)
p.grad = torch.tensor([0.01])          # 梯度和 eps 一样小
opt.step()
print(f"第 1 步更新: {p.item():.4f}")
print(f"-lr·g/(|g|+eps) = {-lr * 0.01 / (0.01 + eps):.4f}")
assert abs(p.item() - (-lr * 0.01 / (0.01 + eps))) < 1e-6  # check
assert abs(p.item() - (-lr * 0.01 / (0.01**2 + eps) ** 0.5)) > 1e-2  # check
# --8<-- [end:adam_eps]

# --8<-- [start:adamw_rule]
import torch

torch.set_printoptions(precision=4)
lr, lam, (b1, b2), eps = 0.1, 0.1, (0.9, 0.999), 1e-8
grads = torch.tensor([[1.0, -2.0], [0.5, 0.5], [-1.0, 3.0]])
p = torch.ones(2, requires_grad=True)
opt = torch.optim.AdamW([p], lr=lr, weight_decay=lam)
q = torch.ones(2, requires_grad=True)
opt_q = torch.optim.Adam([q], lr=lr, weight_decay=lam,
                         decoupled_weight_decay=True)

theta, m, v = torch.ones(2), torch.zeros(2), torch.zeros(2)
for t, g in enumerate(grads, start=1):
    p.grad, q.grad = g.clone(), g.clone()
    opt.step()
    opt_q.step()
    theta = theta - lr * lam * theta       # 先直接衰减参数
    m = b1 * m + (1 - b1) * g              # 矩估计里没有 λθ
    v = b2 * v + (1 - b2) * g ** 2
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    theta = theta - lr * m_hat / (v_hat.sqrt() + eps)
    print(f"t={t}  AdamW: {p.detach()}  手算: {theta}")
    assert torch.allclose(p, theta)  # check
print("Adam(decoupled_weight_decay=True) 结果相同:", torch.equal(p, q))
assert torch.equal(p, q)  # check
# --8<-- [end:adamw_rule]

# --8<-- [start:adam_l2_vs_adamw]
import torch

torch.set_printoptions(precision=4)
lr, lam = 0.1, 0.1
scale = torch.tensor([10.0, 0.1])      # 两个元素：梯度大，梯度小
signs = [1.0, -1.0, 1.0, -1.0]         # 梯度正负交替

def train(opt_class, weight_decay):
    p = torch.ones(2, requires_grad=True)
    opt = opt_class([p], lr=lr, weight_decay=weight_decay)
    for s in signs:
        p.grad = s * scale
        opt.step()
    return p.detach()

base = train(torch.optim.Adam, 0.0)        # 不衰减
adam_l2 = train(torch.optim.Adam, lam)
adamw = train(torch.optim.AdamW, lam)
print("Adam(weight_decay=0.1) 多衰减了: ", base - adam_l2)
print("AdamW(weight_decay=0.1) 多衰减了:", base - adamw)
assert (base - adam_l2)[1] > 10 * (base - adam_l2)[0]  # check
assert torch.allclose(base - adamw, (base - adamw)[0], rtol=1e-3)  # check
# --8<-- [end:adam_l2_vs_adamw]

# --8<-- [start:adam_l2_is_gradient]
import torch

torch.set_printoptions(precision=4)
lam = 0.1
grads = torch.tensor([[10.0, 0.1], [-10.0, -0.1], [10.0, 0.1]])
p1 = torch.ones(2, requires_grad=True)
p2 = torch.ones(2, requires_grad=True)
opt1 = torch.optim.Adam([p1], lr=0.1, weight_decay=lam)
opt2 = torch.optim.Adam([p2], lr=0.1)      # 不衰减，手动把 λθ 加进梯度
for t, g in enumerate(grads, start=1):
    p1.grad = g.clone()
    p2.grad = g + lam * p2.detach()
    opt1.step()
    opt2.step()
    print(f"t={t}  weight_decay: {p1.detach()}  g+λθ: {p2.detach()}")
    assert torch.allclose(p1, p2)  # check
# --8<-- [end:adam_l2_is_gradient]

# --8<-- [start:defaults]
import torch

p = torch.zeros(2, requires_grad=True)
for cls in (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW):
    d = cls([p]).defaults
    print(f"{cls.__name__:5}  lr={d['lr']}  weight_decay={d['weight_decay']}"
          f"  betas={d.get('betas', '-')}  eps={d.get('eps', '-')}")
    assert d["lr"] == 0.001  # check
    assert d["weight_decay"] == (0.01 if cls is torch.optim.AdamW else 0)  # check
# --8<-- [end:defaults]

# --8<-- [start:amsgrad]
import torch

torch.set_printoptions(precision=4)
lr, (b1, b2), eps = 0.1, (0.9, 0.9), 1e-8   # β2 小一些，差别明显
grads = torch.tensor([[4.0], [0.1], [0.1]])    # 先大后小
p = torch.zeros(1, requires_grad=True)
opt = torch.optim.Adam([p], lr=lr, betas=(b1, b2), amsgrad=True)
q = torch.zeros(1, requires_grad=True)
plain = torch.optim.Adam([q], lr=lr, betas=(b1, b2))   # 对照

theta, m, v = torch.zeros(1), torch.zeros(1), torch.zeros(1)
v_max = torch.zeros(1)
for t, g in enumerate(grads, start=1):
    p.grad, q.grad = g.clone(), g.clone()
    opt.step()
    plain.step()
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    v_max = torch.maximum(v_max, v)        # v_max 只增不减
    m_hat, v_hat = m / (1 - b1 ** t), v_max / (1 - b2 ** t)
    theta = theta - lr * m_hat / (v_hat.sqrt() + eps)
    print(f"t={t}  amsgrad: {p.item():.4f}  手算: {theta.item():.4f}"
          f"  不用 amsgrad: {q.item():.4f}")
    assert torch.allclose(p, theta)  # check
    assert t == 1 or not torch.allclose(p, q)  # check
    assert torch.allclose(opt.state[p]["max_exp_avg_sq"], v_max)  # check
# --8<-- [end:amsgrad]

# --8<-- [start:bad_lr]
import torch

p = torch.zeros(2, requires_grad=True)
torch.optim.SGD([p], lr=-0.1)  # raises: ValueError: Invalid learning rate: -0.1
# --8<-- [end:bad_lr]

# --8<-- [start:bad_beta]
import torch

p = torch.zeros(2, requires_grad=True)
torch.optim.Adam([p], betas=(1.0, 0.999))  # raises: ValueError: Invalid beta parameter at index 0: 1.0
# --8<-- [end:bad_beta]

# --8<-- [start:nesterov_without_momentum]
import torch

p = torch.zeros(2, requires_grad=True)
torch.optim.SGD([p], lr=0.1, nesterov=True)  # raises: ValueError: Nesterov momentum requires a momentum
# --8<-- [end:nesterov_without_momentum]
