"""广播规则；* 与 @、matmul、mm、bmm、dot 的区别；einsum 的常见写法；形状报错。"""
# --8<-- [start:broadcast_basic]
import torch

a = torch.tensor([[0], [10], [20]])        # (3, 1)
b = torch.tensor([1, 2, 3, 4])             # (4,)
c = a + b
print("a:", tuple(a.shape), " b:", tuple(b.shape), " a + b:", tuple(c.shape))
print(c)
# c[i, j] = a[i, 0] + b[j]：大小为 1 的维度上下标取 0
print("c[2, 3] =", c[2, 3].item(), "= a[2, 0] + b[3] =",
      (a[2, 0] + b[3]).item())
for i in range(3):  # check
    for j in range(4):
        assert c[i, j] == a[i, 0] + b[j]
assert torch.equal(c, a.expand(3, 4) + b.expand(3, 4))  # check
# --8<-- [end:broadcast_basic]

# --8<-- [start:broadcast_shapes]
import torch

# 从最后一维开始对齐，短的在左边补 1
pairs = [((2, 1, 4), (3, 1)),
         ((5, 3, 4, 1), (3, 1, 1)),
         ((8, 1, 6), (6,)),
         ((4, 3), ()),             # () 是 0 维张量（标量）的形状
         ((1,), (0,))]             # 1 遇到 0：结果是 0，不是“两者取大”
for s1, s2 in pairs:
    r = tuple(torch.broadcast_shapes(s1, s2))
    print(f"{str(s1):>12} 与 {str(s2):<9} -> {r}")
x, y = torch.zeros(2, 1, 4), torch.zeros(3, 1)  # check
assert (x + y).shape == torch.broadcast_shapes(x.shape, y.shape)  # check
assert (torch.zeros(1) + torch.zeros(0)).shape == (0,)  # check
# --8<-- [end:broadcast_shapes]

# --8<-- [start:broadcast_no_copy]
import torch

b = torch.tensor([1, 2, 3, 4])
e = b.expand(3, 4)                  # 广播的含义：按需要重复，但不复制
print("形状:", tuple(e.shape), " 步长:", e.stride())
print("共享存储:", e.data_ptr() == b.data_ptr())
a = torch.tensor([[0], [10], [20]])
pa, pb = torch.broadcast_tensors(a, b)
print("broadcast_tensors:", tuple(pa.shape), pa.stride(),
      tuple(pb.shape), pb.stride())
assert torch.equal(a + b, pa + pb)  # check
assert pb.data_ptr() == b.data_ptr()  # check
# --8<-- [end:broadcast_no_copy]

# --8<-- [start:broadcast_error]
import torch

a = torch.zeros(3)
b = torch.zeros(4)
a + b  # raises: RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0
# --8<-- [end:broadcast_error]

# --8<-- [start:broadcast_error_dim]
import torch

x = torch.zeros(5, 2, 4, 1)
y = torch.zeros(3, 1, 1)            # 对齐后是 (1, 3, 1, 1)
x * y  # raises: RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1
# --8<-- [end:broadcast_error_dim]

# --8<-- [start:column_minus_row]
import torch

pred = torch.tensor([[1.0], [2.0], [3.0]])    # (N, 1)：模型输出常见的形状
target = torch.tensor([1.0, 2.0, 3.0])        # (N,)
diff = pred - target                          # 不报错：广播成 (N, N)
print("diff 的形状:", tuple(diff.shape))
print(diff)
print(f"错误的平均平方差: {(diff ** 2).mean():.4f}")
right = pred.squeeze(1) - target              # 先让形状一致
print(f"正确的平均平方差: {(right ** 2).mean():.4f}")
assert torch.equal(diff, pred.expand(3, 3) - target.expand(3, 3))  # check
# --8<-- [end:column_minus_row]

# --8<-- [start:inplace_ok]
import torch

x = torch.zeros(2, 3)
x += torch.tensor([1.0, 2.0, 3.0])  # 右边广播成 (2, 3)，与 x 相同：可以
print(x)
# --8<-- [end:inplace_ok]

# --8<-- [start:inplace_error]
import torch

x = torch.zeros(3)
y = torch.ones(2, 3)
print("x + y 的形状:", tuple((x + y).shape))   # 普通加法：结果是新张量
try:  # check
    x.add_(y)
    raise AssertionError("add_ should fail")
except RuntimeError as error:
    assert "doesn't match the broadcast shape [2, 3]" in str(error)
x += y  # raises: RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]
# --8<-- [end:inplace_error]

# --8<-- [start:star_vs_matmul]
import torch

A = torch.tensor([[1, 2], [3, 4]])
B = torch.tensor([[10, 20], [30, 40]])
print("A * B（逐元素）:")
print(A * B)
print("A @ B（矩阵乘法）:")
print(A @ B)
print("torch.matmul 与 @ 相同:", torch.equal(torch.matmul(A, B), A @ B))
assert torch.equal(A * B, torch.mul(A, B))  # check
assert (A @ B)[0, 1] == A[0, 0] * B[0, 1] + A[0, 1] * B[1, 1]  # check
# --8<-- [end:star_vs_matmul]

# --8<-- [start:matmul_formula]
import torch

torch.manual_seed(0)
A = torch.randn(2, 3)
B = torch.randn(3, 4)
C = A @ B                                      # (2, 3) @ (3, 4) -> (2, 4)
# C[i, k] = sum_j A[i, j] * B[j, k]，逐元素算一遍
by_hand = torch.zeros(2, 4)
for i in range(2):
    for k in range(4):
        by_hand[i, k] = sum(A[i, j] * B[j, k] for j in range(3))
print("形状:", tuple(C.shape))
print("与公式一致:", torch.allclose(C, by_hand, atol=1e-6))
assert torch.allclose(C, by_hand, atol=1e-6)  # check
# --8<-- [end:matmul_formula]

# --8<-- [start:matmul_ranks]
import torch

M = torch.arange(6).view(2, 3)       # (2, 3)
v = torch.tensor([1, 0, 2])          # (3,)
w = torch.tensor([1, 1])             # (2,)
print("1D @ 1D:", (v @ v), " 形状:", tuple((v @ v).shape))
print("2D @ 1D:", (M @ v), " 形状:", tuple((M @ v).shape))
print("1D @ 2D:", (w @ M), " 形状:", tuple((w @ M).shape))
print("当作列向量:", tuple((M @ v.unsqueeze(1)).shape))
assert torch.equal(v @ v, torch.dot(v, v))  # check
assert torch.equal(M @ v, (M @ v.unsqueeze(1)).squeeze(1))  # check
assert torch.equal(w @ M, (w.unsqueeze(0) @ M).squeeze(0))  # check
assert torch.equal(M @ v, torch.mv(M, v))  # check
# --8<-- [end:matmul_ranks]

# --8<-- [start:matmul_batch]
import torch

torch.manual_seed(0)
A = torch.randn(2, 1, 3, 4)          # 批次维 (2, 1)，矩阵 (3, 4)
B = torch.randn(5, 4, 6)             # 批次维 (5,)，  矩阵 (4, 6)
C = A @ B
print("结果形状:", tuple(C.shape))    # 批次维广播成 (2, 5)
print("C[1, 3] == A[1, 0] @ B[3]:", torch.allclose(C[1, 3], A[1, 0] @ B[3]))
W = torch.randn(4, 6)                # 一个矩阵乘一批矩阵
print("(2, 1, 3, 4) @ (4, 6):", tuple((A @ W).shape))
assert torch.allclose((A @ W)[1, 0], A[1, 0] @ W)  # check
for i in range(2):  # check
    for j in range(5):
        assert torch.allclose(C[i, j], A[i, 0] @ B[j], atol=1e-6)
# --8<-- [end:matmul_batch]

# --8<-- [start:mm_bmm_dot]
import torch

torch.manual_seed(0)
A = torch.randn(3, 4)
B = torch.randn(4, 5)
print("mm:  ", tuple(torch.mm(A, B).shape))              # 只接受 2D
X = torch.randn(8, 3, 4)
Y = torch.randn(8, 4, 5)
print("bmm: ", tuple(torch.bmm(X, Y).shape))             # 只接受 3D
u = torch.tensor([1.0, 2.0, 3.0])
print("dot: ", torch.dot(u, u))                          # 只接受 1D
print("与 matmul 相同:", torch.allclose(torch.bmm(X, Y), X @ Y))
assert torch.allclose(torch.mm(A, B), A @ B)  # check
assert torch.equal(torch.dot(u, u), u @ u)  # check
# --8<-- [end:mm_bmm_dot]

# --8<-- [start:mm_shape_error]
import torch

A = torch.zeros(2, 3)
B = torch.zeros(4, 5)               # A 的列数 3 != B 的行数 4
A @ B  # raises: RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)
# --8<-- [end:mm_shape_error]

# --8<-- [start:linear_shape_error]
import torch
import torch.nn as nn

layer = nn.Linear(10, 5)            # in_features = 10
print("weight:", tuple(layer.weight.shape))
x = torch.zeros(4, 20)              # 每个样本 20 个特征，不是 10
layer(x)  # raises: RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x20 and 10x5)
# --8<-- [end:linear_shape_error]

# --8<-- [start:linear_3d_error]
import torch
import torch.nn as nn

layer = nn.Linear(10, 5)
x = torch.zeros(4, 7, 20)           # (N, T, 特征)：前两维被合成 4*7 = 28
print("正确的输入:", tuple(layer(torch.zeros(4, 7, 10)).shape))
layer(x)  # raises: RuntimeError: mat1 and mat2 shapes cannot be multiplied (28x20 and 10x5)
# --8<-- [end:linear_3d_error]

# --8<-- [start:batched_inner_error]
import torch

A = torch.zeros(7, 2, 3)
B = torch.zeros(7, 4, 5)            # 每个矩阵：3 != 4
A @ B  # raises: RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [7, 3] but got: [7, 4].
# --8<-- [end:batched_inner_error]

# --8<-- [start:batch_dims_error]
import torch

A = torch.zeros(7, 2, 3)
B = torch.zeros(6, 3, 5)            # 批次维 7 和 6 不能广播
A @ B  # raises: RuntimeError: The size of tensor a (7) must match the size of tensor b (6) at non-singleton dimension 0
# --8<-- [end:batch_dims_error]

# --8<-- [start:mm_not_matrix]
import torch

A = torch.zeros(7, 2, 3)
B = torch.zeros(3, 5)
print("matmul 可以:", tuple((A @ B).shape))
torch.mm(A, B)  # raises: RuntimeError: self must be a matrix
# --8<-- [end:mm_not_matrix]

# --8<-- [start:bmm_not_3d]
import torch

A = torch.zeros(2, 3)
B = torch.zeros(3, 5)
torch.bmm(A, B)  # raises: RuntimeError: batch1 must be a 3D tensor
# --8<-- [end:bmm_not_3d]

# --8<-- [start:bmm_no_broadcast]
import torch

A = torch.zeros(8, 2, 3)
B = torch.zeros(1, 3, 5)            # 批次维 1：matmul 会广播，bmm 不会
print("matmul 可以:", tuple((A @ B).shape))
torch.bmm(A, B)  # raises: RuntimeError: Expected size for first two dimensions of batch2 tensor to be: [8, 3] but got: [1, 3].
# --8<-- [end:bmm_no_broadcast]

# --8<-- [start:dot_not_1d]
import torch

a = torch.zeros(2, 3)
b = torch.zeros(2, 3)
torch.dot(a, b)  # raises: RuntimeError: 1D tensors expected, but got 2D and 2D tensors
# --8<-- [end:dot_not_1d]

# --8<-- [start:einsum_patterns]
import torch

torch.manual_seed(0)
X, Y = torch.randn(8, 3, 4), torch.randn(8, 4, 5)
bmm = torch.einsum("bij,bjk->bik", X, Y)       # 批量矩阵乘法
print("bij,bjk->bik:", tuple(bmm.shape), " 等于 X @ Y:",
      torch.allclose(bmm, X @ Y))

u, v = torch.randn(3), torch.randn(4)
outer = torch.einsum("i,j->ij", u, v)          # 外积
print("i,j->ij:", tuple(outer.shape), " 等于 torch.outer:",
      torch.allclose(outer, torch.outer(u, v)))

M = torch.randn(4, 4)
tr = torch.einsum("ii->", M)                   # 迹：对角线求和
print(f"ii->: {tr:.4f}  torch.trace: {torch.trace(M):.4f}")

Mt = torch.einsum("ij->ji", M)                 # 转置
print("ij->ji 等于 M.t():", torch.equal(Mt, M.t()))
assert torch.allclose(tr, torch.trace(M))  # check
for b in range(8):  # check
    assert torch.allclose(bmm[b], X[b] @ Y[b], atol=1e-6)
# --8<-- [end:einsum_patterns]

# --8<-- [start:einsum_attention]
import math

import torch

torch.manual_seed(0)
B, H, L, S, D = 2, 4, 5, 6, 8        # 批次、头数、查询长度、键长度、头维度
q = torch.randn(B, H, L, D)
k = torch.randn(B, H, S, D)
scores = torch.einsum("bhqd,bhkd->bhqk", q, k) / math.sqrt(D)
same = q @ k.transpose(-2, -1) / math.sqrt(D)
print("scores:", tuple(scores.shape))
print("与 q @ k.transpose(-2, -1) 相同:", torch.allclose(scores, same))
s = sum(q[1, 2, 3, d] * k[1, 2, 4, d] for d in range(D)) / math.sqrt(D)
print(f"scores[1, 2, 3, 4] = {scores[1, 2, 3, 4]:.4f}  按公式: {s:.4f}")
assert torch.allclose(scores[1, 2, 3, 4], s, atol=1e-6)  # check
assert torch.allclose(scores, same, atol=1e-6)  # check
# --8<-- [end:einsum_attention]

# --8<-- [start:einsum_implicit]
import torch

A = torch.arange(6.0).view(2, 3)
B = torch.arange(12.0).view(3, 4)
print("ij,jk（无箭头）:", tuple(torch.einsum("ij,jk", A, B).shape))
print("ij,jk->ik:      ", tuple(torch.einsum("ij,jk->ik", A, B).shape))
# 无箭头时，输出下标按字母顺序排：ba 的输出是 ab，即转置
print("ba（无箭头）等于 A.t():", torch.equal(torch.einsum("ba", A), A.t()))
print("ij->（全部求和）:", torch.einsum("ij->", A).item())
print("ij->j（按列求和）:", torch.einsum("ij->j", A))
print("...ij->...ji:   ", tuple(torch.einsum("...ij->...ji",
                                             torch.zeros(2, 5, 3)).shape))
assert torch.equal(torch.einsum("ij,jk", A, B), A @ B)  # check
assert torch.equal(torch.einsum("ij->j", A), A.sum(0))  # check
# --8<-- [end:einsum_implicit]

# --8<-- [start:einsum_size_error]
import torch

A = torch.zeros(2, 3)
B = torch.zeros(4, 5)
one = torch.einsum("ij,jk->ik", torch.ones(2, 1), torch.ones(4, 5))  # check
assert one.shape == (2, 5) and torch.all(one == 4)  # check
torch.einsum("ij,jk->ik", A, B)  # raises: RuntimeError: einsum(): subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3
# --8<-- [end:einsum_size_error]

# --8<-- [start:einsum_ndim_error]
import torch

A = torch.zeros(8, 2, 3)            # 3 维，方程只给了 2 个下标
B = torch.zeros(3, 5)
torch.einsum("ij,jk->ik", A, B)  # raises: RuntimeError: einsum(): the number of subscripts in the equation (2) does not match the number of dimensions (3) for operand 0 and no ellipsis was given
# --8<-- [end:einsum_ndim_error]
