"""训练循环：zero_grad、backward、step 的顺序，set_to_none，梯度累加，保存与恢复优化器状态。"""
# --8<-- [start:loop]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(64, 3)
y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()

model.train()
for epoch in range(4):
    for xb, yb in zip(x.split(16), y.split(16)):   # 每轮 4 个批次
        opt.zero_grad()               # 1. 清掉上一步的梯度
        loss = loss_fn(model(xb), yb)
        loss.backward()               # 2. 算出这一步的梯度，写进 .grad
        opt.step()                    # 3. 按 .grad 更新参数
    print(f"第 {epoch} 轮 最后一个批次的 loss={loss.item():.4f}")
assert loss.item() < 0.05  # check
# --8<-- [end:loop]

# --8<-- [start:forget_zero_grad]
import torch

x = torch.tensor([1.0, 2.0, 3.0])
y = 2 * x                             # 最优解 w = 2
for zero_grad in (True, False):
    w = torch.tensor(0.0, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.05)
    total = 0.0  # check
    print("zero_grad:", zero_grad)
    for step in range(5):
        if zero_grad:
            opt.zero_grad()
        loss = ((w * x - y) ** 2).mean()
        g, = torch.autograd.grad(loss, w, retain_graph=True)  # 这一步的梯度
        total = total + g  # check
        loss.backward()
        print(f"  第 {step} 步 loss={loss.item():8.4f}  本步梯度={g.item():8.4f}"
              f"  w.grad={w.grad.item():8.4f}")
        assert torch.allclose(w.grad, g if zero_grad else total)  # check
        opt.step()
# --8<-- [end:forget_zero_grad]

# --8<-- [start:zero_grad_between]
import torch
import torch.nn as nn

torch.manual_seed(0)
x, y = torch.randn(16, 3), torch.randn(16, 1)
model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
before = model.weight.detach().clone()
for step in range(3):
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.zero_grad()                   # 错：梯度在 step 之前被清掉了
    opt.step()                        # .grad 是 None，什么也不做
    print(f"第 {step} 步 loss={loss.item():.4f}")
print("权重没变:", torch.equal(model.weight, before))
assert torch.equal(model.weight, before)  # check
# --8<-- [end:zero_grad_between]

# --8<-- [start:set_to_none]
import inspect
import torch
import torch.nn as nn

sig = inspect.signature(torch.optim.Optimizer.zero_grad)
print("set_to_none 默认:", sig.parameters["set_to_none"].default)

model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
model(torch.ones(2, 3)).sum().backward()
opt.zero_grad()                       # 默认 set_to_none=True
print("zero_grad() 之后:", model.bias.grad)

model(torch.ones(2, 3)).sum().backward()
opt.zero_grad(set_to_none=False)      # 旧的行为：保留张量，填 0
print("set_to_none=False 之后:", model.bias.grad)

model.zero_grad()                     # nn.Module.zero_grad 的默认相同
print("model.zero_grad() 之后:", model.bias.grad)
assert model.weight.grad is None  # check
# --8<-- [end:set_to_none]

# --8<-- [start:none_vs_zeros]
import torch


def run(make_opt, set_to_none):
    a = torch.tensor([1.0], requires_grad=True)
    b = torch.tensor([1.0], requires_grad=True)
    opt = make_opt([a, b])
    for step in range(3):
        opt.zero_grad(set_to_none=set_to_none)
        loss = 2 * a + 2 * b if step == 0 else 2 * a   # b 只在第 0 步用到
        loss.sum().backward()
        assert step == 0 or (b.grad is None) == set_to_none  # check
        opt.step()
    assert "step" not in opt.state[b] or (  # check
        opt.state[b]["step"].item() == (1 if set_to_none else 3))
    return b.item()


configs = {
    "SGD momentum=0.9": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "SGD weight_decay=0.1": lambda p: torch.optim.SGD(p, lr=0.1,
                                                       weight_decay=0.1),
    "Adam": lambda p: torch.optim.Adam(p, lr=0.1),
}
print("3 步之后 b 的值")
for name, make_opt in configs.items():
    none, zeros = run(make_opt, True), run(make_opt, False)
    print(f"{name:<21} 设为 None: {none:.4f}   填 0: {zeros:.4f}")
    assert abs(none - {  # check
        "SGD momentum=0.9": 1 - 0.1 * 2,
        "SGD weight_decay=0.1": 1 - 0.1 * (2 + 0.1),
        "Adam": 0.9}[name]) < 1e-6
    assert abs(zeros - {  # check
        "SGD momentum=0.9": 1 - 0.1 * sum(2 * 0.9 ** t for t in range(3)),
        "SGD weight_decay=0.1": (1 - 0.1 * (2 + 0.1)) * (1 - 0.1 * 0.1) ** 2,
        "Adam": 0.7812}[name]) < 1e-4
# --8<-- [end:none_vs_zeros]

# --8<-- [start:grad_none_error]
import torch
import torch.nn as nn

model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
model(torch.ones(2, 3)).sum().backward()
opt.step()
opt.zero_grad()
print("梯度范数:", model.weight.grad.norm())  # raises: AttributeError: 'NoneType' object has no attribute 'norm'
# --8<-- [end:grad_none_error]

# --8<-- [start:accumulate_equal]
import torch
import torch.nn as nn

torch.manual_seed(0)
x, y = torch.randn(8, 3), torch.randn(8, 1)
model = nn.Linear(3, 1)
loss_fn = nn.MSELoss()

model.zero_grad()
loss_fn(model(x), y).backward()       # 一个大批次：8 个样本
big = model.weight.grad.clone()

k = 4                                 # 4 个小批次，每个 2 个样本
for divide in (True, False):
    model.zero_grad()
    for xs, ys in zip(x.chunk(k), y.chunk(k)):
        loss = loss_fn(model(xs), ys)
        (loss / k if divide else loss).backward()
    acc = model.weight.grad
    label = "loss / k" if divide else "不除以 k"
    print(f"{label}: 与大批次相同 {torch.allclose(acc, big)},"
          f" 是大批次的 {(acc / big).mean().item():.4f} 倍")
# --8<-- [end:accumulate_equal]

# --8<-- [start:accumulate_unequal]
import torch
import torch.nn as nn

torch.manual_seed(0)
x, y = torch.randn(8, 3), torch.randn(8, 1)
model = nn.Linear(3, 1)
model.zero_grad()
nn.functional.mse_loss(model(x), y).backward()
big = model.weight.grad.clone()

parts = [(x[:5], y[:5]), (x[5:], y[5:])]        # 5 + 3 个样本
model.zero_grad()
for xs, ys in parts:
    (nn.functional.mse_loss(model(xs), ys) / len(parts)).backward()
print("大小不等，除以 k:", torch.allclose(model.weight.grad, big))

model.zero_grad()
for xs, ys in parts:
    loss = nn.functional.mse_loss(model(xs), ys, reduction="sum")
    (loss / len(x)).backward()        # 先求和，再除以总样本数 8
print("求和后除以样本总数:", torch.allclose(model.weight.grad, big))
# --8<-- [end:accumulate_unequal]

# --8<-- [start:accumulate_loop]
import torch
import torch.nn as nn

torch.manual_seed(0)
x, y = torch.randn(16, 3), torch.randn(16, 1)
loss_fn = nn.MSELoss()
init = nn.Linear(3, 1).state_dict()

big_model = nn.Linear(3, 1)           # 对照：每次 8 个样本，走 2 步
big_model.load_state_dict(init)
big_opt = torch.optim.SGD(big_model.parameters(), lr=0.1, momentum=0.9)
for xb, yb in zip(x.chunk(2), y.chunk(2)):
    big_opt.zero_grad()
    loss_fn(big_model(xb), yb).backward()
    big_opt.step()

model = nn.Linear(3, 1)               # 梯度累加：每次 2 个样本，每 4 个走一步
model.load_state_dict(init)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
k, steps = 4, 0
opt.zero_grad()
for i, (xs, ys) in enumerate(zip(x.chunk(8), y.chunk(8))):
    loss = loss_fn(model(xs), ys) / k
    loss.backward()                   # 梯度累加到 .grad 上
    if (i + 1) % k == 0:              # 每 k 个小批次
        opt.step()
        opt.zero_grad()
        steps += 1
print("小批次: 8  step 次数:", steps)
same = torch.allclose(model.weight, big_model.weight)
print("与大批次训练的权重相同:", same)
assert same and torch.allclose(model.bias, big_model.bias)  # check
# --8<-- [end:accumulate_loop]

# --8<-- [start:resume]
import io
import torch
import torch.nn as nn

torch.manual_seed(0)
batches = [(torch.randn(4, 3), torch.randn(4, 1)) for _ in range(6)]
init = nn.Linear(3, 1).state_dict()


def train(model, opt, batches):
    for xb, yb in batches:
        opt.zero_grad()
        nn.functional.mse_loss(model(xb), yb).backward()
        opt.step()


full = nn.Linear(3, 1)                # 不中断：一口气训练 6 步
full.load_state_dict(init)
train(full, torch.optim.Adam(full.parameters(), lr=0.1), batches)

model = nn.Linear(3, 1)               # 训练 3 步后保存
model.load_state_dict(init)
opt = torch.optim.Adam(model.parameters(), lr=0.1)
train(model, opt, batches[:3])
print("Adam 的状态:", sorted(opt.state_dict()["state"][0]))
buffer = io.BytesIO()
torch.save({"model": model.state_dict(),
            "optimizer": opt.state_dict()}, buffer)

buffer.seek(0)
ckpt = torch.load(buffer)
model2 = nn.Linear(3, 1)              # 新进程里：新建，再加载
opt2 = torch.optim.Adam(model2.parameters(), lr=0.1)
model2.load_state_dict(ckpt["model"])
opt2.load_state_dict(ckpt["optimizer"])
train(model2, opt2, batches[3:])
print("恢复模型和优化器:", torch.equal(model2.weight, full.weight))

model3 = nn.Linear(3, 1)              # 只恢复模型，新建优化器
model3.load_state_dict(ckpt["model"])
opt3 = torch.optim.Adam(model3.parameters(), lr=0.1)
train(model3, opt3, batches[3:])
print("只恢复模型:      ", torch.equal(model3.weight, full.weight))
assert torch.equal(model2.bias, full.bias)  # check
assert opt2.state_dict()["state"][0]["step"].item() == 6  # check
# --8<-- [end:resume]

# --8<-- [start:empty_params]
import torch
import torch.nn as nn

model = nn.Linear(3, 1)
params = model.parameters()           # 生成器：只能遍历一次
print("参数个数:", len(list(params)))  # 这里已经把它用完了
torch.optim.SGD(params, lr=0.1)  # raises: ValueError: optimizer got an empty parameter list
# --8<-- [end:empty_params]

# --8<-- [start:empty_params_frozen]
import torch
import torch.nn as nn

model = nn.Linear(3, 1).requires_grad_(False)      # 冻结了全部参数
trainable = [p for p in model.parameters() if p.requires_grad]
torch.optim.Adam(trainable)  # raises: ValueError: optimizer got an empty parameter list
# --8<-- [end:empty_params_frozen]

# --8<-- [start:tensor_params]
import torch
import torch.nn as nn

model = nn.Linear(3, 1)
torch.optim.SGD(model.weight, lr=0.1)  # raises: TypeError: params argument given to the optimizer should be an iterable
# --8<-- [end:tensor_params]

# --8<-- [start:lbfgs_no_closure]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
x, y = torch.randn(32, 3), torch.randn(32, 1)
optimizer = torch.optim.LBFGS(model.parameters())
loss = nn.functional.mse_loss(model(x), y)
loss.backward()
optimizer.step()  # raises: TypeError: LBFGS.step() missing 1 required positional argument: 'closure'
# --8<-- [end:lbfgs_no_closure]

# --8<-- [start:lbfgs_closure]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
x = torch.randn(32, 3)
y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
optimizer = torch.optim.LBFGS(model.parameters())
calls = 0


def closure():                    # 每次调用：清零、前向、反向、返回损失
    global calls
    calls += 1
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    return loss


loss = optimizer.step(closure)    # 返回第一次调用 closure 得到的损失
after = nn.functional.mse_loss(model(x), y).item()
print(f"step 之前的损失 {loss.item():.4f}，之后 {after:.1e}")
print("closure 调用了", calls, "次")
assert calls > 1 and after < loss.item()  # check
# --8<-- [end:lbfgs_closure]
