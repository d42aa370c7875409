"""requires_grad：哪些张量能求梯度，标志怎样传播，怎样冻结参数，两个常见报错。"""
# --8<-- [start:dtypes]
import torch

dtypes = (torch.float16, torch.bfloat16, torch.float32, torch.float64,
          torch.complex64)
for dtype in dtypes:
    t = torch.zeros(2, dtype=dtype, requires_grad=True)
    print(dtype, "requires_grad =", t.requires_grad)
    assert t.requires_grad  # check
# --8<-- [end:dtypes]

# --8<-- [start:int_tensor]
import torch

torch.tensor([1, 2, 3], requires_grad=True)  # raises: RuntimeError: Only Tensors of floating point and complex dtype can require gradients
# --8<-- [end:int_tensor]

# --8<-- [start:int_parameter]
import torch
import torch.nn as nn

nn.Parameter(torch.arange(3))          # Parameter 默认要求梯度  # raises: RuntimeError: Only Tensors of floating point and complex dtype can require gradients
# --8<-- [end:int_parameter]

# --8<-- [start:int_requires_grad_]
import torch

torch.arange(3).requires_grad_()  # raises: RuntimeError: only Tensors of floating point dtype can require gradients
# --8<-- [end:int_requires_grad_]

# --8<-- [start:float_first]
import torch

x = torch.tensor([1, 2, 3]).float().requires_grad_()    # 先转浮点再打开
print(x)
assert x.requires_grad and x.dtype == torch.float32  # check
assert x.requires_grad_() is x  # check
# --8<-- [end:float_first]

# --8<-- [start:propagate]
import torch

a = torch.ones(3, requires_grad=True)
b = torch.ones(3)                      # 默认 requires_grad=False

c = a * b                              # 有一个输入需要梯度 -> 输出需要梯度
d = b * 2                              # 所有输入都不需要 -> 输出也不需要
print("a*b:", c.requires_grad, type(c.grad_fn).__name__)
print("b*2:", d.requires_grad, d.grad_fn)
assert c.requires_grad and c.grad_fn is not None  # check
assert not d.requires_grad and d.grad_fn is None  # check
# --8<-- [end:propagate]

# --8<-- [start:non_differentiable_outputs]
import torch

x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
i = x.argmax()                         # 整数下标
m = x > 0                              # 布尔结果
values, indices = x.max(dim=0)         # 一个运算，两个输出
z = torch.zeros_like(x)                # 浮点，但与 x 的值无关
print("argmax:    ", i.dtype, i.requires_grad)
print("x > 0:     ", m.dtype, m.requires_grad)
print("max 的值:  ", values.dtype, values.requires_grad)
print("max 的下标:", indices.dtype, indices.requires_grad)
print("zeros_like:", z.dtype, z.requires_grad)
assert not i.requires_grad and not m.requires_grad  # check
assert values.requires_grad and not indices.requires_grad  # check
assert not z.requires_grad and z.grad_fn is None  # check
# --8<-- [end:non_differentiable_outputs]

# --8<-- [start:no_grad]
import torch

a = torch.ones(3, requires_grad=True)
with torch.no_grad():
    y = a * 2
print("no_grad 内:", y.requires_grad, y.grad_fn)
print("a 的标志不变:", a.requires_grad)
assert not y.requires_grad and y.grad_fn is None  # check
assert a.requires_grad  # check

z = a * 2                              # 退出 no_grad 后恢复记录
print("no_grad 外:", z.requires_grad)
assert z.requires_grad  # check
# --8<-- [end:no_grad]

# --8<-- [start:freeze]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
for p in model[0].parameters():        # 冻结第一层
    p.requires_grad_(False)

trainable = [p for p in model.parameters() if p.requires_grad]
opt = torch.optim.SGD(trainable, lr=0.1)
names = [n for n, p in model.named_parameters() if p.requires_grad]
print("可训练参数:", names)

frozen_before = model[0].weight.clone()
head_before = model[2].weight.clone()
loss = model(torch.randn(5, 3)).pow(2).mean()
loss.backward()
opt.step()

print("第一层的 .grad:", model[0].weight.grad)
print("第一层不变:", torch.equal(model[0].weight, frozen_before))
print("第三层改变:", not torch.equal(model[2].weight, head_before))
assert model[0].weight.grad is None  # check
assert torch.equal(model[0].weight, frozen_before)  # check
assert not torch.equal(model[2].weight, head_before)  # check
# --8<-- [end:freeze]

# --8<-- [start:freeze_late]
import torch

x = torch.ones(2)
for momentum, weight_decay in [(0.9, 0.0), (0.0, 0.1)]:
    w = torch.tensor([1.0, 2.0], requires_grad=True)   # 训练一步后冻结
    b = torch.tensor([0.0], requires_grad=True)        # 一直训练
    opt = torch.optim.SGD([w, b], lr=0.1, momentum=momentum,
                          weight_decay=weight_decay)
    print(f"momentum={momentum}, weight_decay={weight_decay}")
    for step in range(3):
        opt.zero_grad(set_to_none=False)               # 填 0，不设为 None
        (w @ x + b).sum().backward()
        opt.step()
        print(f"  第 {step} 步后 w={w.detach()}  w.grad={w.grad}")
        if step == 0:
            w.requires_grad_(False)                    # 冻结 w
            print(f"  冻结后 w.grad={w.grad}")
        assert step == 0 or torch.equal(w.grad, torch.zeros(2))  # check
    expected = [0.729, 1.729] if momentum else [0.8723, 1.8426]  # check
    assert torch.allclose(w, torch.tensor(expected), atol=1e-4)  # check
# --8<-- [end:freeze_late]

# --8<-- [start:freeze_late_fix]
import torch

x = torch.ones(2)
w = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([0.0], requires_grad=True)
opt = torch.optim.SGD([w, b], lr=0.1, momentum=0.9, weight_decay=0.1)
for step in range(3):
    opt.zero_grad(set_to_none=False)
    (w @ x + b).sum().backward()
    opt.step()
    if step == 0:
        w.requires_grad_(False)
        w.grad = None                  # 冻结时一并清掉旧梯度
        frozen_at = w.detach().clone()
print("冻结后 w 不再变:", torch.equal(w, frozen_at), " w.grad:", w.grad)
assert torch.equal(w, frozen_at) and w.grad is None  # check
# --8<-- [end:freeze_late_fix]

# --8<-- [start:freeze_bn]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(3).requires_grad_(False)     # 参数冻结了
before = bn.running_mean.clone()
bn(torch.randn(8, 3) + 5)                        # 训练模式下前向一次
print("train 模式:", before, "->", bn.running_mean)   # 统计量照样更新
assert not torch.equal(bn.running_mean, before)  # check

bn.eval()
before = bn.running_mean.clone()
bn(torch.randn(8, 3) + 5)
print("eval 模式: ", before, "->", bn.running_mean)   # eval 模式才不再更新
assert torch.equal(bn.running_mean, before)  # check
# --8<-- [end:freeze_bn]

# --8<-- [start:non_leaf_on]
import torch

a = torch.ones(3, requires_grad=True)
h = a * 2                              # 非叶子，本来就需要梯度
print("打开: 返回自身", h.requires_grad_() is h, " 标志", h.requires_grad)
assert h.requires_grad and not h.is_leaf  # check
# --8<-- [end:non_leaf_on]

# --8<-- [start:non_leaf_flag]
import torch

a = torch.ones(3, requires_grad=True)
h = a * 2                              # 非叶子张量
h.requires_grad_(False)  # raises: RuntimeError: you can only change requires_grad flags of leaf variables
# --8<-- [end:non_leaf_flag]

# --8<-- [start:non_leaf_attr]
import torch

a = torch.ones(3, requires_grad=True)
h = a * 2
h.requires_grad = True                 # 属性赋值：连 True 也拒绝  # raises: RuntimeError: you can only change requires_grad flags of leaf variables.
# --8<-- [end:non_leaf_attr]

# --8<-- [start:detach]
import torch

a = torch.ones(3, requires_grad=True)
h = a * 2
h2 = h.detach()                        # 得到不需要梯度的新张量
print("requires_grad:", h2.requires_grad, " is_leaf:", h2.is_leaf)
print("与 h 共享存储:", h2.data_ptr() == h.data_ptr())    # 不复制
assert not h2.requires_grad and h2.is_leaf  # check
assert h2.data_ptr() == h.data_ptr()  # check
# --8<-- [end:detach]

# --8<-- [start:cut_by_detach]
import torch

x = torch.randn(4, 3)
w = torch.randn(3, requires_grad=True)
loss = (x @ w).detach().pow(2).mean()
assert not loss.requires_grad and loss.grad_fn is None  # check
loss.backward()  # raises: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
# --8<-- [end:cut_by_detach]

# --8<-- [start:cut_by_no_grad]
import torch

x = torch.randn(4, 3)
w = torch.randn(3, requires_grad=True)
with torch.no_grad():
    loss = (x @ w).pow(2).mean()
assert not loss.requires_grad and loss.grad_fn is None  # check
loss.backward()  # raises: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
# --8<-- [end:cut_by_no_grad]

# --8<-- [start:cut_by_item]
import torch

x = torch.randn(4, 3)
w = torch.randn(3, requires_grad=True)
loss = torch.tensor((x @ w).pow(2).mean().item())     # .item() 后重建
assert not loss.requires_grad and loss.grad_fn is None  # check
loss.backward()  # raises: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
# --8<-- [end:cut_by_item]

# --8<-- [start:cut_by_argmax]
import torch

x = torch.randn(4, 3)
w = torch.randn(3, requires_grad=True)
loss = (x @ w).argmax().float()        # 整数下标不可导，图在这里断开
assert not loss.requires_grad and loss.grad_fn is None  # check
loss.backward()  # raises: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
# --8<-- [end:cut_by_argmax]

# --8<-- [start:cut_all_frozen]
import torch
import torch.nn as nn

x = torch.randn(4, 3)
frozen = nn.Linear(3, 1).requires_grad_(False)         # 所有参数都冻结了
loss = frozen(x).pow(2).mean()
assert not loss.requires_grad and loss.grad_fn is None  # check
loss.backward()  # raises: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
# --8<-- [end:cut_all_frozen]
