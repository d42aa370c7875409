"""F.interpolate：输入形状、size 与 scale_factor、align_corners 的坐标公式、nearest 与 nearest-exact、标签图用 nearest。"""
# --8<-- [start:shapes]
import torch
import torch.nn.functional as F

images = torch.rand(8, 3, 32, 32)                  # (N, C, H, W)
print(tuple(F.interpolate(images, size=(64, 48), mode="bilinear").shape))
print(tuple(F.interpolate(images, scale_factor=0.5, mode="bilinear").shape))
signal = torch.rand(8, 2, 100)                     # (N, C, L)
print(tuple(F.interpolate(signal, size=50, mode="linear").shape))
odd = torch.rand(1, 3, 5, 5)
print(tuple(F.interpolate(odd, scale_factor=0.5).shape))   # 5 * 0.5 向下取整
# --8<-- [end:shapes]

# --8<-- [start:align_corners]
import torch
import torch.nn.functional as F

x = torch.tensor([[[0.0, 10.0]]])                  # (N, C, L)，L_in = 2
for align in (False, True):
    y = F.interpolate(x, size=4, mode="linear", align_corners=align)
    values = [round(v, 4) for v in y.flatten().tolist()]
    print(f"align_corners={align}:", values)

# 输出第 i 个点取输入的哪个位置（L_in = 2, L_out = 4）
L_in, L_out = 2, 4
src_false = [max((i + 0.5) * L_in / L_out - 0.5, 0.0) for i in range(L_out)]
src_true = [i * (L_in - 1) / (L_out - 1) for i in range(L_out)]
print("False 的位置:", src_false)
print("True 的位置: ", [round(s, 4) for s in src_true])
by_formula = lambda src: [10.0 * min(s, 1.0) for s in src]  # check
assert torch.allclose(F.interpolate(x, size=4, mode="linear", align_corners=False).flatten(), torch.tensor(by_formula(src_false)))  # check
assert torch.allclose(F.interpolate(x, size=4, mode="linear", align_corners=True).flatten(), torch.tensor(by_formula(src_true)))  # check
# --8<-- [end:align_corners]

# --8<-- [start:align_corners_2d]
import torch
import torch.nn.functional as F

img = torch.tensor([[[[0.0, 1.0], [2.0, 3.0]]]])   # 2×2
print(F.interpolate(img, scale_factor=2, mode="bilinear", align_corners=False))
print(F.interpolate(img, scale_factor=2, mode="bilinear", align_corners=True))
# --8<-- [end:align_corners_2d]

# --8<-- [start:default_align]
import warnings

import torch
import torch.nn.functional as F

img = torch.rand(1, 1, 4, 4)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    # 不写 align_corners
    y = F.interpolate(img, scale_factor=2, mode="bilinear")
print("警告:", [str(w.message) for w in caught])
y_false = F.interpolate(img, scale_factor=2, mode="bilinear",
                        align_corners=False)
print("与 align_corners=False 相同:", torch.equal(y, y_false))
assert not caught  # check
# --8<-- [end:default_align]

# --8<-- [start:nearest]
import torch
import torch.nn.functional as F

x = torch.tensor([[[0.0, 1.0, 2.0]]])              # L_in = 3，放大到 5
nearest = F.interpolate(x, size=5, mode="nearest").flatten().tolist()
exact = F.interpolate(x, size=5, mode="nearest-exact").flatten().tolist()
print("nearest:      ", nearest)
print("nearest-exact:", exact)
# 按公式算下标：floor(i * L_in / L_out) 与 floor((i + 0.5) * L_in / L_out)
print("公式:", [int(i * 3 / 5) for i in range(5)],
      [int((i + 0.5) * 3 / 5) for i in range(5)])
assert nearest == [float(int(i * 3 / 5)) for i in range(5)]  # check
assert exact == [float(int((i + 0.5) * 3 / 5)) for i in range(5)]  # check
# --8<-- [end:nearest]

# --8<-- [start:mask_bilinear]
import torch
import torch.nn.functional as F

mask = torch.tensor([[[[0, 0, 2, 2],
                       [0, 0, 2, 2],
                       [1, 1, 3, 3],
                       [1, 1, 3, 3]]]])            # 分割标签：每个值是一个类别
F.interpolate(mask, size=(3, 3), mode="bilinear")  # 整数张量不能双线性插值  # raises: NotImplementedError: not implemented for 'Long'
# --8<-- [end:mask_bilinear]

# --8<-- [start:mask_nearest]
import torch
import torch.nn.functional as F

mask = torch.tensor([[[[0, 0, 2, 2],
                       [0, 0, 2, 2],
                       [1, 1, 3, 3],
                       [1, 1, 3, 3]]]])
wrong = F.interpolate(mask.float(), size=(3, 3), mode="bilinear")
values = sorted({round(v, 2) for v in wrong.flatten().tolist()})
print("转成浮点再双线性:", values)          # 出现了不存在的类别
right = F.interpolate(mask.float(), size=(3, 3), mode="nearest").long()
print("nearest:", sorted(set(right.flatten().tolist())))
assert set(right.flatten().tolist()) <= {0, 1, 2, 3}  # check
assert not set(wrong.flatten().tolist()) <= {0.0, 1.0, 2.0, 3.0}  # check
# --8<-- [end:mask_nearest]

# --8<-- [start:upsample]
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.rand(1, 3, 8, 8)
up = nn.Upsample(scale_factor=2, mode="bilinear")  # 模块形式，参数相同
print("与 F.interpolate 相同:",
      torch.equal(up(x), F.interpolate(x, scale_factor=2, mode="bilinear")))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    F.upsample(x, scale_factor=2)                  # 旧函数名
print(f"{caught[0].category.__name__}: {caught[0].message}")
# --8<-- [end:upsample]

# --8<-- [start:input_2d]
import torch
import torch.nn.functional as F

gray = torch.rand(28, 28)                          # 一张没有批次维、通道维的图
F.interpolate(gray, scale_factor=2, mode="bilinear")  # raises: NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D)
# --8<-- [end:input_2d]

# --8<-- [start:input_3d]
import torch
import torch.nn.functional as F

img = torch.rand(3, 28, 28)                        # (C, H, W)：少了批次维
F.interpolate(img, size=(56, 56), mode="bilinear")  # raises: ValueError: Input and output must have the same number of spatial dimensions
# --8<-- [end:input_3d]

# --8<-- [start:input_3d_scale]
import torch
import torch.nn.functional as F

img = torch.rand(3, 28, 28)                        # (C, H, W)：少了批次维
F.interpolate(img, scale_factor=2, mode="bilinear")  # raises: NotImplementedError: Got 3D input, but bilinear mode needs 4D input
# --8<-- [end:input_3d_scale]

# --8<-- [start:input_fix]
import torch
import torch.nn.functional as F

img = torch.rand(3, 28, 28)
big = F.interpolate(img.unsqueeze(0), size=(56, 56), mode="bilinear").squeeze(0)
print(tuple(big.shape))
gray = torch.rand(28, 28)
big_gray = F.interpolate(gray[None, None], size=(56, 56), mode="bilinear")[0, 0]
print(tuple(big_gray.shape))
# --8<-- [end:input_fix]

# --8<-- [start:align_nearest]
import torch
import torch.nn.functional as F

x = torch.rand(1, 1, 4, 4)
F.interpolate(x, scale_factor=2, mode="nearest", align_corners=False)  # raises: ValueError: align_corners option can only be set with the interpolating modes
# --8<-- [end:align_nearest]

# --8<-- [start:size_and_scale]
import torch
import torch.nn.functional as F

x = torch.rand(1, 1, 4, 4)
F.interpolate(x, size=(8, 8), scale_factor=2)      # raises: ValueError: only one of size or scale_factor should be defined
# --8<-- [end:size_and_scale]
