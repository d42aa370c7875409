"""自定义 autograd 函数：forward、backward、ctx、apply、gradcheck，以及反向节点返回的梯度个数、形状不对时的报错。"""
# --8<-- [start:minimal]
import torch


class MulFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)         # 反向传播要用 x、y
        return x * y

    @staticmethod
    def backward(ctx, grad_out):            # grad_out：对输出的梯度
        x, y = ctx.saved_tensors
        return grad_out * y, grad_out * x   # 依次对应 forward 的 x、y


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
z = MulFn.apply(x, y)                       # 用 apply 调用，不直接调 forward
print("z.grad_fn:", z.grad_fn.name())
z.sum().backward()
print("x.grad:", x.grad, " 等于 y:", torch.equal(x.grad, y.detach()))
print("y.grad:", y.grad, " 等于 x:", torch.equal(y.grad, x.detach()))
assert type(z.grad_fn).__name__ == "MulFnBackward"  # check
# --8<-- [end:minimal]

# --8<-- [start:why_apply]
import torch


class Double(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        print("forward 里记录计算图吗:", torch.is_grad_enabled())
        return x * 2

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out * 2


x = torch.ones(3, requires_grad=True)
y = Double.apply(x)                          # apply 建好 ctx，接上反向节点
print("y.grad_fn:", y.grad_fn.name())
Double.forward(x)                            # 直接调：x 被当成了 ctx  # raises: TypeError: Double.forward() missing 1 required positional argument: 'x'
# --8<-- [end:why_apply]

# --8<-- [start:legacy_call]
import warnings

import torch


class Double(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out * 2


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fn = Double()                            # 旧写法：先实例化
warning = caught[0]
print(f"{warning.category.__name__}: {str(warning.message).split('. ')[0]}")
fn(torch.ones(3))                            # 再调用实例  # raises: RuntimeError: Legacy autograd function with non-static forward method is deprecated
# --8<-- [end:legacy_call]

# --8<-- [start:setup_context]
import torch


class MulFn(torch.autograd.Function):
    @staticmethod
    def forward(x, y):                       # 没有 ctx
        return x * y

    @staticmethod
    def setup_context(ctx, inputs, output):  # inputs 是 forward 的参数元组
        x, y = inputs
        ctx.save_for_backward(x, y)

    @staticmethod
    def backward(ctx, grad_out):
        x, y = ctx.saved_tensors
        return grad_out * y, grad_out * x


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = torch.tensor([4.0, 5.0, 6.0])
z = MulFn.apply(x, y)
z.sum().backward()
print("z.grad_fn:", z.grad_fn.name(), " x.grad:", x.grad)
# 这种写法也能用在 torch.func 的变换里
dfdx = torch.func.grad(lambda t: MulFn.apply(t, y).sum())
print("torch.func.grad:", dfdx(torch.tensor([1.0, 2.0, 3.0])))
# --8<-- [end:setup_context]

# --8<-- [start:gradcheck]
import torch
from torch.autograd import gradcheck


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 2

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved_tensors
        return grad_out * 2 * x


class BadSquare(Square):
    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved_tensors
        return grad_out * x                  # 漏了因子 2


x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
print("Square:", gradcheck(Square.apply, (x,)))
gradcheck(BadSquare.apply, (x,))  # raises: GradcheckError: Jacobian mismatch for output 0 with respect to input 0
# --8<-- [end:gradcheck]

# --8<-- [start:needs_input_grad]
import torch


class ScaledMul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, scale):           # scale 是 Python 数，不是张量
        ctx.save_for_backward(x, w)
        ctx.scale = scale                    # 非张量直接存成 ctx 的属性
        return x * w * scale

    @staticmethod
    def backward(ctx, grad_out):
        x, w = ctx.saved_tensors
        print("needs_input_grad:", ctx.needs_input_grad)
        grad_x = grad_w = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_out * w * ctx.scale
        if ctx.needs_input_grad[1]:
            grad_w = grad_out * x * ctx.scale
        return grad_x, grad_w, None          # 三个输入，三个返回值


x = torch.tensor([1.0, 2.0], requires_grad=True)
w = torch.tensor([3.0, 4.0])                 # 不需要梯度
ScaledMul.apply(x, w, 10.0).sum().backward()
print("x.grad:", x.grad, " w.grad:", w.grad)
# --8<-- [end:needs_input_grad]

# --8<-- [start:wrong_count]
import torch


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        return x * scale

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out * ctx.scale          # 漏了 scale 对应的 None


x = torch.ones(3, requires_grad=True)
y = Scale.apply(x, 10.0)
y.sum().backward()  # raises: RuntimeError: function ScaleBackward returned an incorrect number of gradients (expected 2, got 1)
# --8<-- [end:wrong_count]

# --8<-- [start:grad_for_non_tensor]
import torch


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        return x * scale

    @staticmethod
    def backward(ctx, grad_out):
        # 第二个返回值应为 None：scale 不是张量
        return grad_out * ctx.scale, grad_out.sum()


x = torch.ones(3, requires_grad=True)
y = Scale.apply(x, 10.0)
y.sum().backward()  # raises: RuntimeError: function ScaleBackward returned a gradient different than None at position 2, but the corresponding forward input was not a Variable
# --8<-- [end:grad_for_non_tensor]

# --8<-- [start:gradient_reversal]
import torch
import torch.nn as nn


class GradReverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lambd):
        ctx.lambd = lambd
        return x.view_as(x)                   # 前向：值不变

    @staticmethod
    def backward(ctx, grad_out):
        return -ctx.lambd * grad_out, None    # 反向：梯度乘以 -λ


torch.manual_seed(0)
feature = nn.Linear(4, 3)     # 特征提取器
head = nn.Linear(3, 1)        # 比如域分类器
x = torch.randn(8, 4)

features = feature(x)
reversed_features = GradReverse.apply(features, 0.5)
print("前向不变:", torch.equal(reversed_features, features))

plain, = torch.autograd.grad(head(feature(x)).sum(), feature.weight)
grl, = torch.autograd.grad(head(reversed_features).sum(), feature.weight)
print("特征层的梯度是原来的 -0.5 倍:", torch.allclose(grl, -0.5 * plain))
assert torch.equal(torch.autograd.grad(head(reversed_features).sum(), head.weight)[0], torch.autograd.grad(head(features).sum(), head.weight)[0])  # check
# --8<-- [end:gradient_reversal]

# --8<-- [start:wrong_shape]
import torch


class MatMul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w):                  # x: (2, 3)，w: (3, 4)
        ctx.save_for_backward(x, w)
        return x @ w

    @staticmethod
    def backward(ctx, grad_out):             # grad_out: (2, 4)
        x, w = ctx.saved_tensors
        grad_x = grad_out @ w.T              # (2, 3)：对
        grad_w = grad_out.T @ x              # (4, 3)：应为 x.T @ grad_out
        return grad_x, grad_w


x = torch.randn(2, 3, requires_grad=True)
w = torch.randn(3, 4, requires_grad=True)
y = MatMul.apply(x, w)
y.sum().backward()  # raises: RuntimeError: Function MatMulBackward returned an invalid gradient at index 1 - got [4, 3] but expected shape compatible with [3, 4]
# --8<-- [end:wrong_shape]

# --8<-- [start:compatible_shape]
import torch


class AddBias(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, b):                  # x: (4, 3)，b: (3,)，广播相加
        return x + b

    @staticmethod
    def backward(ctx, grad_out):             # grad_out: (4, 3)
        return grad_out, grad_out            # 对 b 也返回 (4, 3)，没有求和


x = torch.zeros(4, 3, requires_grad=True)
b = torch.zeros(3, requires_grad=True)
AddBias.apply(x, b).sum().backward()
print("b.grad:", b.grad, " 形状:", tuple(b.grad.shape))   # 已按第 0 维求和
# --8<-- [end:compatible_shape]

# --8<-- [start:mm_data]
import torch

torch.manual_seed(0)
x = torch.randn(2, 3, requires_grad=True)
w = torch.randn(3, 4)
y = x.mm(w)                                  # MmBackward0 保存了 w
print("y.grad_fn:", y.grad_fn.name())
assert y.grad_fn.next_functions[0][0].variable is x  # check
w.data = torch.randn(5, 4)                   # 前向之后换掉 w 的数据，形状也变了
y.sum().backward()  # raises: RuntimeError: Function MmBackward0 returned an invalid gradient at index 0 - got [2, 5] but expected shape compatible with [2, 3]
# --8<-- [end:mm_data]

# --8<-- [start:mm_data_fix]
import torch
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(3, 4)
x = torch.randn(2, 3)
layer(x).sum().backward()                    # 这一步的前向、反向都用原来的层

keep = torch.tensor([0, 2])                  # 剪枝：只保留第 0、2 个输出
pruned = nn.Linear(3, 2)                     # 新建一个层，不改旧层的 .data
with torch.no_grad():
    pruned.weight.copy_(layer.weight[keep])
    pruned.bias.copy_(layer.bias[keep])
out = pruned(x)                              # 改完之后重新前向
out.sum().backward()
print("out:", tuple(out.shape))
print("pruned.weight.grad:", tuple(pruned.weight.grad.shape))
assert torch.equal(out, layer(x)[:, keep])  # check
# --8<-- [end:mm_data_fix]
