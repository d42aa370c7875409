"""雅可比矩阵与黑塞矩阵（海森矩阵）：手算、torch.autograd.functional、torch.func，批量、HVP 与全零陷阱。"""
# --8<-- [start:jacobian]
import torch
from torch.autograd.functional import jacobian
from torch.func import jacfwd, jacrev
import math  # check

def f(x):
    """R^3 -> R^2：f(x) = (x0^2 * x1, 5*x0 + sin x2)"""
    return torch.stack([x[0] ** 2 * x[1], 5 * x[0] + torch.sin(x[2])])

def jacobian_by_hand(x):  # check
    x0, x1, x2 = x.tolist()
    return torch.tensor([[2 * x0 * x1, x0 ** 2, 0.0],
                         [5.0,         0.0,     math.cos(x2)]])

x = torch.tensor([1.0, 2.0, 0.0])
J = jacobian(f, x)
print(J)                                        # m × n：行对应输出，列对应输入
print("jacrev 结果相同:", torch.allclose(jacrev(f)(x), J))   # 反向模式
print("jacfwd 结果相同:", torch.allclose(jacfwd(f)(x), J))   # 前向模式
assert J.shape == (2, 3)  # check
assert torch.allclose(J, jacobian_by_hand(x))  # check
assert torch.allclose(jacrev(f)(x), J)  # check
assert torch.allclose(jacfwd(f)(x), J)  # check
# --8<-- [end:jacobian]

# --8<-- [start:shapes]
import torch
from torch.autograd.functional import jacobian

def g(X):                                       # 输入 (2, 3)，输出 (3,)
    return (X ** 2).sum(dim=0)

X = torch.arange(6.0).reshape(2, 3)
JX = jacobian(g, X)
print("输出", tuple(g(X).shape), "+ 输入", tuple(X.shape), "->", tuple(JX.shape))
assert JX.shape == g(X).shape + X.shape  # check
assert JX[1, 0, 1] == 2 * X[0, 1]  # check
assert JX[1, 0, 2] == 0  # check
# --8<-- [end:shapes]

# --8<-- [start:tuples]
import torch
from torch.autograd.functional import hessian, jacobian

def layout(r):
    """结果的嵌套结构：元组写成 tuple(...)，张量写成它的形状。"""
    if isinstance(r, torch.Tensor):
        return f"Tensor{list(r.shape)}"
    return f"{type(r).__name__}(" + ", ".join(layout(t) for t in r) + ")"

a, b = torch.ones(2), torch.ones(3)

# 张量输出，元组输入：一层元组，每个输入一项
J1 = jacobian(lambda a, b: torch.outer(a, b).sum(0), (a, b))
print("张量输出, 元组输入:", layout(J1))
# 元组输出，张量输入：一层元组，每个输出一项
J2 = jacobian(lambda a: (2 * a, a.sum()), a)
print("元组输出, 张量输入:", layout(J2))
# 都是元组：J3[i][j] 是第 i 个输出对第 j 个输入（从 0 数起）
J3 = jacobian(lambda a, b: (2 * a, a.sum() + b.sum()), (a, b))
print("元组输出, 元组输入:")
print("   ", layout(J3))
# hessian 的输入是元组：H[i][j] 对应第 i、j 个输入
H = hessian(lambda a, b: a.sum() * b.sum(), (a, b))
print("hessian, 元组输入:")
print("   ", layout(H))
assert isinstance(J1, tuple) and all(torch.is_tensor(t) for t in J1)  # check
assert [t.shape for t in J1] == [(3, 2), (3, 3)]  # check
assert isinstance(J2, tuple) and all(torch.is_tensor(t) for t in J2)  # check
assert [t.shape for t in J2] == [(2, 2), (2,)]  # check
assert all(isinstance(row, tuple) and len(row) == 2 for row in J3)  # check
assert J3[0][1].shape == (2, 3) and J3[1][1].shape == (3,)  # check
assert all(isinstance(row, tuple) and len(row) == 2 for row in H)  # check
assert H[0][1].shape == (2, 3) and H[1][0].shape == (3, 2)  # check
# 只有一个元素的元组也照样是元组
assert isinstance(jacobian(lambda a: 2 * a, (a,)), tuple)  # check
# --8<-- [end:tuples]

# --8<-- [start:vectorize]
import torch
from torch.autograd.functional import jacobian

def f(x):
    return torch.stack([x[0] ** 2 * x[1], 5 * x[0] + torch.sin(x[2])])

x = torch.tensor([1.0, 2.0, 0.0])
J_loop = jacobian(f, x)                                   # 默认：每行一次反向传播
J_vec = jacobian(f, x, vectorize=True)                    # 用 vmap 一次算完
J_fwd = jacobian(f, x, vectorize=True, strategy="forward-mode")
same = torch.allclose(J_loop, J_vec) and torch.allclose(J_loop, J_fwd)
print("三种方式结果一致:", same)
assert torch.allclose(J_vec, J_fwd)  # check

# 前向模式必须 vectorize=True
jacobian(f, x, strategy="forward-mode")  # raises: NotImplementedError: only implemented for `vectorize=True`
# --8<-- [end:vectorize]

# --8<-- [start:batched]
import torch
from torch.autograd.functional import jacobian
from torch.func import jacrev, vmap
import math  # check

def f(x):                                       # 单个样本：(3,) -> (2,)
    return torch.stack([x[0] ** 2 * x[1], 5 * x[0] + torch.sin(x[2])])

def f_batch(X):                                 # 按行算 f：(B, 3) -> (B, 2)
    return torch.stack([X[:, 0] ** 2 * X[:, 1],
                        5 * X[:, 0] + torch.sin(X[:, 2])], dim=1)

def jacobian_by_hand(x):  # check
    x0, x1, x2 = x.tolist()
    return torch.tensor([[2 * x0 * x1, x0 ** 2, 0.0],
                         [5.0,         0.0,     math.cos(x2)]])

X = torch.tensor([[1.0, 2.0, 0.0],
                  [3.0, 1.0, 0.5],
                  [0.5, -1.0, 1.0],
                  [2.0, 1.5, -0.5]])        # B = 4 个样本
naive = jacobian(f_batch, X)                    # (B, 2, B, 3)：样本两两组合
per_sample = vmap(jacrev(f))(X)                 # (B, 2, 3)：每个样本一个雅可比矩阵
print("jacobian(f_batch, X):", tuple(naive.shape))
print("vmap(jacrev(f))(X):  ", tuple(per_sample.shape))

B = len(X)  # check
for b in range(B):  # check
    for c in range(B):
        if b != c:
            # 跨样本的块全是 0
            assert torch.count_nonzero(naive[b, :, c, :]) == 0
    # 对角块才是有用的部分
    assert torch.allclose(naive[b, :, b, :], per_sample[b])
    assert torch.allclose(per_sample[b], jacobian_by_hand(X[b]))
# 只有 B 个 2×3 对角块非零，每块里 dy0/dx2、dy1/dx1 恒为 0
nonzero = torch.count_nonzero(naive).item()
print(f"非零元素 {nonzero} / {naive.numel()}")
assert nonzero == B * (2 * 3 - 2)  # check

# 另一种写法：先对批次求和，再交换前两维
summed = jacobian(lambda X: f_batch(X).sum(0), X)       # (2, B, 3)
print("先求和的结果相同:", torch.allclose(summed.transpose(0, 1), per_sample))
assert torch.allclose(summed.transpose(0, 1), per_sample)  # check
# --8<-- [end:batched]

# --8<-- [start:hessian]
import torch
from torch.autograd.functional import hessian, jacobian
from torch.func import jacfwd, jacrev

def s(x):
    """R^2 -> R：s(x) = x0^2 * x1 + x1^3"""
    return x[0] ** 2 * x[1] + x[1] ** 3

def hessian_by_hand(x):  # check
    x0, x1 = x.tolist()
    return torch.tensor([[2 * x1, 2 * x0],
                         [2 * x0, 6 * x1]])

x = torch.tensor([1.0, 2.0])
H = hessian(s, x)
print(H)
assert torch.equal(H, hessian_by_hand(x))  # check
assert torch.equal(H, H.T)  # check

print("torch.func.hessian:", torch.allclose(torch.func.hessian(s)(x), H))
# torch.func.hessian 就是这样组合的
print("jacfwd(jacrev(s)): ", torch.allclose(jacfwd(jacrev(s))(x), H))
# 按定义：梯度（保留图）的雅可比矩阵
H_def = jacobian(lambda x: jacobian(s, x, create_graph=True), x)
print("梯度的雅可比矩阵:   ", torch.allclose(H_def, H))
assert torch.allclose(torch.func.hessian(s)(x), H)  # check
assert torch.allclose(jacfwd(jacrev(s))(x), H)  # check
assert torch.allclose(H_def, H)  # check

# 输入形状为 S 时，标量函数的黑塞矩阵形状是 S + S
H23 = hessian(lambda X: (X ** 3).sum(), torch.ones(2, 3))
print("输入 (2, 3) ->", tuple(H23.shape))
assert H23.shape == (2, 3, 2, 3)  # check
# --8<-- [end:hessian]

# --8<-- [start:hvp]
import torch
from torch.autograd.functional import hvp, vhp

def s(x):
    return x[0] ** 2 * x[1] + x[1] ** 3

x = torch.tensor([1.0, 2.0])
v = torch.tensor([1.0, -1.0])
expected = torch.tensor([[4.0, 2.0], [2.0, 12.0]]) @ v  # check

value, Hv = hvp(s, x, v)                                # 返回 (s(x), H v)
print("hvp:      ", value, Hv)
assert torch.equal(Hv, expected) and value.item() == 10.0  # check

xr = x.clone().requires_grad_()                         # 双重反向传播，不构造 H
(grad,) = torch.autograd.grad(s(xr), xr, create_graph=True)
(Hv2,) = torch.autograd.grad(grad @ v, xr)              # d(∇s · v)/dx = H v
print("双重反向: ", Hv2)
assert torch.equal(Hv2, expected)  # check

_, Hv3 = torch.func.jvp(torch.func.grad(s), (x,), (v,))  # 前向套反向
print("jvp(grad):", Hv3)
assert torch.allclose(Hv3, expected)  # check

# v^T H；H 对称，所以与 H v 相同
_, vH = vhp(s, x, v)
print("vhp:      ", vH)
assert torch.equal(vH, expected)  # check
# --8<-- [end:hvp]

# --8<-- [start:zero_pitfall]
import torch
from torch.autograd.functional import hessian

x = torch.tensor([1.0, 2.0])

def s_typo(z):                          # 参数叫 z，函数体却用了外面的 x
    return x[0] ** 2 * x[1] + x[1] ** 3

# 在函数里 detach（.item()、.detach().numpy() 同理）
def s_detached(z):
    z = z.detach()
    return z[0] ** 2 * z[1] + z[1] ** 3

for fn in (s_typo, s_detached):
    H_bad = hessian(fn, x)                              # 没有报错，只是全零
    H_func = torch.func.hessian(fn)(x)
    print(fn.__name__, H_bad.tolist(), " torch.func:", H_func.tolist())
    assert torch.count_nonzero(H_bad) == 0  # check
    assert torch.count_nonzero(H_func) == 0  # check
# --8<-- [end:zero_pitfall]

# --8<-- [start:strict_typo]
import torch
from torch.autograd.functional import hessian

x = torch.tensor([1.0, 2.0])

def s_typo(z):                          # 参数叫 z，函数体却用了外面的 x
    return x[0] ** 2 * x[1] + x[1] ** 3

hessian(s_typo, x, strict=True)         # strict=True 会发现它  # raises: RuntimeError: does not require gradients
# --8<-- [end:strict_typo]

# --8<-- [start:strict_linear]
import torch
from torch.autograd.functional import hessian

x = torch.tensor([1.0, 2.0])
# 线性函数：黑塞矩阵本来就是 0，strict 也拒绝它
hessian(lambda z: (2 * z).sum(), x, strict=True)  # raises: RuntimeError: is independent of the input
# --8<-- [end:strict_linear]
