"""requires_grad：哪些张量能求梯度，标志怎样传播，怎样冻结参数，两个常见报错。"""
# --8<-- [start:imports]
import torch
import torch.nn as nn
# --8<-- [end:imports]

# --8<-- [start:dtypes]
for dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64):
    t = torch.zeros(2, dtype=dtype, requires_grad=True)
    assert t.requires_grad
    print(dtype, "可以 requires_grad")

attempts = {
    "torch.tensor(..., requires_grad=True)": lambda: torch.tensor([1, 2, 3], requires_grad=True),
    # Parameter 默认要求梯度
    "nn.Parameter(整数张量)": lambda: nn.Parameter(torch.arange(3)),
}
for name, make in attempts.items():
    try:
        make()
    except RuntimeError as e:
        assert "Only Tensors of floating point and complex dtype" in str(e)
        print(f"{name}\n  {type(e).__name__}: {e}")
    else:
        raise AssertionError("应当报错，却没有报错")

try:
    torch.arange(3).requires_grad_()                     # 同样的原因，另一条路径
except RuntimeError as e:
    assert "only Tensors of floating point dtype can require gradients" in str(e)
    print(f"requires_grad_()\n  {type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

x = torch.tensor([1, 2, 3]).float().requires_grad_()    # 先转浮点再打开
assert x.requires_grad and x.dtype == torch.float32
assert x.requires_grad_() is x                          # 原地修改，返回自身
# --8<-- [end:dtypes]

# --8<-- [start:propagate]
a = torch.ones(3, requires_grad=True)
b = torch.ones(3)                      # 默认 requires_grad=False

c = a * b                              # 有一个输入需要梯度 -> 输出需要梯度
d = b * 2                              # 所有输入都不需要 -> 输出也不需要
assert c.requires_grad and c.grad_fn is not None
assert not d.requires_grad and d.grad_fn is None
print("a*b:", c.requires_grad, type(c.grad_fn).__name__)
print("b*2:", d.requires_grad, d.grad_fn)
# --8<-- [end:propagate]

# --8<-- [start:no_grad]
a = torch.ones(3, requires_grad=True)
with torch.no_grad():
    y = a * 2
assert not y.requires_grad and y.grad_fn is None
assert a.requires_grad                 # no_grad 不改输入的标志
print("no_grad 内:", y.requires_grad, y.grad_fn)

z = a * 2                              # 退出 no_grad 后恢复记录
assert z.requires_grad
print("no_grad 外:", z.requires_grad)
# --8<-- [end:no_grad]

# --8<-- [start:freeze]
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
for p in model[0].parameters():        # 冻结第一层
    p.requires_grad_(False)

trainable = [p for p in model.parameters() if p.requires_grad]
opt = torch.optim.SGD(trainable, lr=0.1)
print("可训练参数:", [n for n, p in model.named_parameters() if p.requires_grad])

frozen_before = model[0].weight.clone()
head_before = model[2].weight.clone()
loss = model(torch.randn(5, 3)).pow(2).mean()
loss.backward()
opt.step()

assert model[0].weight.grad is None                    # 冻结的参数没有梯度
assert torch.equal(model[0].weight, frozen_before)     # 一步之后完全没变
assert not torch.equal(model[2].weight, head_before)   # 可训练的参数变了
print("第一层不变:", torch.equal(model[0].weight, frozen_before))
print("第三层改变:", not torch.equal(model[2].weight, head_before))
# --8<-- [end:freeze]

# --8<-- [start:freeze_bn]
torch.manual_seed(0)
bn = nn.BatchNorm1d(3).requires_grad_(False)     # 参数冻结了
before = bn.running_mean.clone()
bn(torch.randn(8, 3) + 5)                        # 训练模式下前向一次
assert not torch.equal(bn.running_mean, before)  # 统计量照样更新
print("train 模式:", before, "->", bn.running_mean)

bn.eval()
before = bn.running_mean.clone()
bn(torch.randn(8, 3) + 5)
assert torch.equal(bn.running_mean, before)      # eval 模式才不再更新
print("eval 模式: ", before, "->", bn.running_mean)
# --8<-- [end:freeze_bn]

# --8<-- [start:non_leaf_flag]
a = torch.ones(3, requires_grad=True)
h = a * 2                              # 非叶子张量
try:
    h.requires_grad_(False)
except RuntimeError as e:
    assert "you can only change requires_grad flags of leaf variables" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

h2 = h.detach()                        # 正确做法：detach 得到不需要梯度的新张量
assert not h2.requires_grad and h2.is_leaf
assert h2.data_ptr() == h.data_ptr()   # 与 h 共享存储，不复制
# --8<-- [end:non_leaf_flag]

# --8<-- [start:no_grad_fn]
torch.manual_seed(0)
x = torch.randn(4, 3)
w = torch.randn(3, requires_grad=True)

losses = {}
losses["detach()"] = (x @ w).detach().pow(2).mean()
with torch.no_grad():
    losses["torch.no_grad()"] = (x @ w).pow(2).mean()
losses[".item() 后重建"] = torch.tensor((x @ w).pow(2).mean().item())
# 整数索引不可导，图在这里断开
losses["argmax"] = (x @ w).argmax().float()
frozen = nn.Linear(3, 1).requires_grad_(False)         # 所有参数都冻结了
losses["全部参数冻结"] = frozen(x).pow(2).mean()

for name, loss in losses.items():
    assert not loss.requires_grad and loss.grad_fn is None
    try:
        loss.backward()
    except RuntimeError as e:
        assert "element 0 of tensors does not require grad and does not have a grad_fn" in str(e)
        print(f"{name}: {type(e).__name__}: {e}")
    else:
        raise AssertionError("应当报错，却没有报错")
# --8<-- [end:no_grad_fn]
