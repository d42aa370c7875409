"""雅可比矩阵与黑塞矩阵（海森矩阵）：手算、torch.autograd.functional、torch.func，批量、HVP 与全零陷阱。"""
# --8<-- [start:imports]
import math

import torch
from torch.autograd.functional import hessian, hvp, jacobian, vhp
from torch.func import jacfwd, jacrev, vmap
# --8<-- [end:imports]

# --8<-- [start:jacobian]
def f(x):
    """R^3 -> R^2：f(x) = (x0^2 * x1, 5*x0 + sin x2)"""
    return torch.stack([x[0] ** 2 * x[1], 5 * x[0] + torch.sin(x[2])])

def jacobian_by_hand(x):
    x0, x1, x2 = x.tolist()
    return torch.tensor([[2 * x0 * x1, x0 ** 2, 0.0],
                         [5.0,         0.0,     math.cos(x2)]])

x = torch.tensor([1.0, 2.0, 0.0])
J = jacobian(f, x)
print(J)
assert J.shape == (2, 3)                        # m × n：行对应输出，列对应输入
assert torch.allclose(J, jacobian_by_hand(x))
assert torch.allclose(jacrev(f)(x), J)          # torch.func：反向模式
assert torch.allclose(jacfwd(f)(x), J)          # torch.func：前向模式
# --8<-- [end:jacobian]

# --8<-- [start:shapes]
def g(X):                                       # 输入 (2, 3)，输出 (3,)
    return (X ** 2).sum(dim=0)

X = torch.arange(6.0).reshape(2, 3)
JX = jacobian(g, X)
print("输出", tuple(g(X).shape), "+ 输入", tuple(X.shape), "->", tuple(JX.shape))
assert JX.shape == g(X).shape + X.shape         # 形状 = 输出形状 + 输入形状
assert JX[1, 0, 1] == 2 * X[0, 1]               # d g_1 / d X_{0,1} = 2 X_{0,1}
assert JX[1, 0, 2] == 0                         # g_1 与 X_{0,2} 无关

a, b = torch.ones(2), torch.ones(3)
# 多个输入 -> 元组
Ja, Jb = jacobian(lambda a, b: torch.outer(a, b).sum(0), (a, b))
assert Ja.shape == (3, 2) and Jb.shape == (3, 3)
# --8<-- [end:shapes]

# --8<-- [start:vectorize]
x = torch.tensor([1.0, 2.0, 0.0])
J_loop = jacobian(f, x)                                   # 默认：每行一次反向传播
J_vec = jacobian(f, x, vectorize=True)                    # 用 vmap 一次算完
J_fwd = jacobian(f, x, vectorize=True, strategy="forward-mode")
assert torch.allclose(J_loop, J_vec) and torch.allclose(J_loop, J_fwd)
print("三种方式结果一致:", torch.allclose(J_vec, J_fwd))

try:
    # 前向模式必须 vectorize=True
    jacobian(f, x, strategy="forward-mode")
except NotImplementedError as e:
    assert "only implemented for `vectorize=True`" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:vectorize]

# --8<-- [start:batched]
def f_batch(X):                                 # 按行算 f：(B, 3) -> (B, 2)
    return torch.stack([X[:, 0] ** 2 * X[:, 1], 5 * X[:, 0] + torch.sin(X[:, 2])], dim=1)

X = torch.tensor([[1.0, 2.0, 0.0],
                  [3.0, 1.0, 0.5],
                  [0.5, -1.0, 1.0],
                  [2.0, 1.5, -0.5]])        # B = 4 个样本
naive = jacobian(f_batch, X)                    # (B, 2, B, 3)：样本两两组合
per_sample = vmap(jacrev(f))(X)                 # (B, 2, 3)：每个样本一个雅可比矩阵
print("jacobian(f_batch, X):", tuple(naive.shape))
print("vmap(jacrev(f))(X):  ", tuple(per_sample.shape))

B = len(X)
for b in range(B):
    for c in range(B):
        if b != c:
            # 跨样本的块全是 0
            assert torch.count_nonzero(naive[b, :, c, :]) == 0
    # 对角块才是有用的部分
    assert torch.allclose(naive[b, :, b, :], per_sample[b])
    assert torch.allclose(per_sample[b], jacobian_by_hand(X[b]))
nonzero = torch.count_nonzero(naive).item()
print(f"非零元素 {nonzero} / {naive.numel()}")
# B 个 2×3 对角块，每块里 dy0/dx2、dy1/dx1 恒为 0
assert nonzero == B * (2 * 3 - 2)

summed = jacobian(lambda X: f_batch(X).sum(0), X)       # 另一种写法：先对批次求和
assert torch.allclose(summed.transpose(0, 1), per_sample)
# --8<-- [end:batched]

# --8<-- [start:hessian]
def s(x):
    """R^2 -> R：s(x) = x0^2 * x1 + x1^3"""
    return x[0] ** 2 * x[1] + x[1] ** 3

def hessian_by_hand(x):
    x0, x1 = x.tolist()
    return torch.tensor([[2 * x1, 2 * x0],
                         [2 * x0, 6 * x1]])

x = torch.tensor([1.0, 2.0])
H = hessian(s, x)
print(H)
assert torch.equal(H, hessian_by_hand(x))
assert torch.equal(H, H.T)                              # 二阶偏导连续时对称
assert torch.allclose(torch.func.hessian(s)(x), H)
# torch.func.hessian 就是这样组合的
assert torch.allclose(jacfwd(jacrev(s))(x), H)
assert torch.allclose(jacobian(lambda x: jacobian(s, x, create_graph=True), x), H)
# 输入形状为 S 时，标量函数的黑塞矩阵形状是 S + S
assert hessian(lambda X: (X ** 3).sum(), torch.ones(2, 3)).shape == (2, 3, 2, 3)
# --8<-- [end:hessian]

# --8<-- [start:hvp]
x = torch.tensor([1.0, 2.0])
v = torch.tensor([1.0, -1.0])
# [[4, 2], [2, 12]] @ [1, -1]
expected = hessian_by_hand(x) @ v

value, Hv = hvp(s, x, v)                                # 返回 (s(x), H v)
assert torch.equal(Hv, expected) and value.item() == 10.0

xr = x.clone().requires_grad_()                         # 双重反向传播，不构造 H
(grad,) = torch.autograd.grad(s(xr), xr, create_graph=True)
(Hv2,) = torch.autograd.grad(grad @ v, xr)              # d(∇s · v)/dx = H v
assert torch.equal(Hv2, expected)

_, Hv3 = torch.func.jvp(torch.func.grad(s), (x,), (v,))  # 前向套反向
assert torch.allclose(Hv3, expected)

# v^T H；H 对称，所以与 H v 相同
_, vH = vhp(s, x, v)
assert torch.equal(vH, expected)
print("H v =", Hv)
# --8<-- [end:hvp]

# --8<-- [start:zero_pitfall]
x = torch.tensor([1.0, 2.0])

def s_typo(z):                          # 参数叫 z，函数体却用了外面的 x
    return x[0] ** 2 * x[1] + x[1] ** 3

# 在函数里 detach（.item()、.detach().numpy() 同理）
def s_detached(z):
    z = z.detach()
    return z[0] ** 2 * z[1] + z[1] ** 3

for fn in (s_typo, s_detached):
    H_bad = hessian(fn, x)
    assert torch.count_nonzero(H_bad) == 0              # 没有报错，只是全零
    assert torch.count_nonzero(torch.func.hessian(fn)(x)) == 0
    print(fn.__name__, H_bad.tolist())

try:
    hessian(s_typo, x, strict=True)                     # strict=True 会发现它
except RuntimeError as e:
    assert "does not require gradients" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

try:
    # 线性函数：黑塞矩阵本来就是 0
    hessian(lambda z: (2 * z).sum(), x, strict=True)
except RuntimeError as e:
    assert "is independent of the input" in str(e)      # strict 也拒绝它
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:zero_pitfall]
