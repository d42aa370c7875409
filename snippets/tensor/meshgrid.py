"""meshgrid：由几个一维张量得到网格上每个点的坐标；indexing 的 "ij" 与 "xy"；结果是 expand 出的视图。"""
# --8<-- [start:basic]
import torch

x = torch.arange(3)                      # 3 个行坐标
y = torch.arange(4)                      # 4 个列坐标
X, Y = torch.meshgrid(x, y, indexing="ij")
print("形状:", tuple(X.shape), tuple(Y.shape))
print("X =", X, sep="\n")
print("Y =", Y, sep="\n")
# 网格上的点 (i, j) 的坐标是 (X[i, j], Y[i, j]) = (x[i], y[j])
assert all(X[i, j] == x[i] and Y[i, j] == y[j] for i in range(3) for j in range(4))  # check
grids = torch.meshgrid(x, y, torch.arange(2), indexing="ij")  # check
assert len(grids) == 3 and all(g.shape == (3, 4, 2) for g in grids)  # check
assert all(torch.equal(a, b) for a, b in zip(torch.meshgrid([x, y], indexing="ij"), (X, Y)))  # check
try:  # check
    torch.meshgrid(x, y.to("meta"), indexing="ij")
except RuntimeError as error:
    assert "same device" in str(error)
else:
    raise AssertionError("no error for tensors on two devices")
# --8<-- [end:basic]

# --8<-- [start:ij_vs_xy]
import numpy as np
import torch

x = torch.arange(3)
y = torch.arange(4)
X_ij, Y_ij = torch.meshgrid(x, y, indexing="ij")
X_xy, Y_xy = torch.meshgrid(x, y, indexing="xy")
print("ij:", tuple(X_ij.shape), " xy:", tuple(X_xy.shape))
transposed = torch.equal(X_xy, X_ij.T) and torch.equal(Y_xy, Y_ij.T)
print("xy 是 ij 的转置:", transposed)
X_np, Y_np = np.meshgrid(x.numpy(), y.numpy())  # 默认 "xy"
print("与 np.meshgrid 默认相同:", np.array_equal(X_np, X_xy.numpy()))
assert np.array_equal(Y_np, Y_xy.numpy())  # check
# --8<-- [end:ij_vs_xy]

# --8<-- [start:no_indexing]
import warnings

import torch

x = torch.arange(3)
y = torch.arange(4)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    X, Y = torch.meshgrid(x, y)          # 没写 indexing
# 去掉警告末尾随安装而变的 "(Triggered internally at ...)"
message = str(caught[0].message).split(" (Triggered internally")[0]
print(f"{caught[0].category.__name__}: {message}")
X_ij, _ = torch.meshgrid(x, y, indexing="ij")
print("按 ij 处理:", torch.equal(X, X_ij))
assert caught[0].category is UserWarning  # check
# --8<-- [end:no_indexing]

# --8<-- [start:grid_function]
import torch

x = torch.linspace(-1, 1, 5)
y = torch.linspace(-1, 1, 3)
X, Y = torch.meshgrid(x, y, indexing="ij")
Z = X**2 + Y**2                          # 在每个网格点上求值
Z_b = x[:, None] ** 2 + y[None, :] ** 2  # 广播：不必先造网格
print("Z 形状:", tuple(Z.shape), " 与广播的结果相同:", torch.equal(Z, Z_b))
# --8<-- [end:grid_function]

# --8<-- [start:views]
import torch

x = torch.arange(3)
y = torch.arange(4)
X, Y = torch.meshgrid(x, y, indexing="ij")
print("X.stride():", X.stride(), " 与 x 共享存储:", X.data_ptr() == x.data_ptr())
X[0, 0] = 100                            # 写一个元素
print("x =", x)                          # 写进了 x
print("X[0] =", X[0])                    # 整行都变了
X.add_(1)                                # 原地运算  # raises: RuntimeError: more than one element of the written-to tensor refers to a single memory location
# --8<-- [end:views]

# --8<-- [start:views_clone]
import torch

x = torch.arange(3)
y = torch.arange(4)
X, Y = torch.meshgrid(x, y, indexing="ij")
X = X.clone()                            # 要改网格，先复制
X[0, 0] = 100
print("x =", x)
print("X[0] =", X[0])
assert X.is_contiguous() and x[0] == 0  # check
# --8<-- [end:views_clone]

# --8<-- [start:pixel_coords]
import torch

H, W = 2, 3
rows, cols = torch.meshgrid(torch.arange(H), torch.arange(W), indexing="ij")
coords = torch.stack([rows, cols], dim=-1)   # (H, W, 2)：每个像素的 (行, 列)
print("形状:", tuple(coords.shape))
print(coords)
pairs = torch.cartesian_prod(torch.arange(H), torch.arange(W))   # (H*W, 2)
print("cartesian_prod 是它压平的结果:", torch.equal(pairs, coords.reshape(-1, 2)))
# --8<-- [end:pixel_coords]

# --8<-- [start:not_1d]
import torch

a = torch.zeros(2, 2, dtype=torch.long)
torch.meshgrid(a, torch.arange(4), indexing="ij")  # raises: RuntimeError: torch.meshgrid: Expected 0D or 1D tensor in the tensor list
# --8<-- [end:not_1d]

# --8<-- [start:mixed_dtype]
import torch

x = torch.linspace(0, 1, 3)              # float32
y = torch.arange(4)                      # int64
torch.meshgrid(x, y, indexing="ij")      # raises: RuntimeError: meshgrid expects all tensors to have the same dtype
# --8<-- [end:mixed_dtype]
