"""grad_fn 与 next_functions：沿着反向图从输出走回叶子。"""
# --8<-- [start:imports]
import torch
# --8<-- [end:imports]

# --8<-- [start:build]
A = torch.tensor(2.0, requires_grad=True)
B = torch.tensor(3.0, requires_grad=True)
K = torch.tensor(4.0)                      # 常量：不需要梯度

D = A * B
E = B * K
F = D + E

print("F.grad_fn:", F.grad_fn.name())
print("D.grad_fn:", D.grad_fn.name())
assert F.grad_fn.name() == "AddBackward0" and D.grad_fn.name() == "MulBackward0"
assert A.grad_fn is None and K.grad_fn is None          # 叶子没有 grad_fn

with torch.no_grad():
    G = A * B
assert G.grad_fn is None                                # no_grad 下的结果也没有

try:
    A.grad_fn.next_functions
except AttributeError as e:
    assert "'NoneType' object has no attribute 'next_functions'" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:build]

# --8<-- [start:next_functions]
pairs = F.grad_fn.next_functions
print(pairs[0][0].name(), pairs[0][1], "|", pairs[1][0].name(), pairs[1][1])
assert pairs[0][0] is D.grad_fn and pairs[1][0] is E.grad_fn   # 依次对应 D、E

acc_A, acc_B = D.grad_fn.next_functions                 # D = A * B
assert acc_A[0].name() == "torch::autograd::AccumulateGrad"
# .variable 就是叶子本身
assert acc_A[0].variable is A and acc_B[0].variable is B

E_pairs = E.grad_fn.next_functions                      # E = B * K
print("E:", [(fn.name() if fn is not None else None, nr) for fn, nr in E_pairs])
# B 只有一个 AccumulateGrad 节点
assert E_pairs[0][0] is acc_B[0]
# 常量 K 那一路是 (None, 0)
assert E_pairs[1] == (None, 0)

F.backward(retain_graph=True)
# 两条路径的梯度在 B 的 AccumulateGrad 处相加：dF/dB = A + K
assert B.grad == A.detach() + K
# --8<-- [end:next_functions]

# --8<-- [start:tree]
def show(fn, names, depth=0, nr=0):
    """把反向图打印成缩进的树。共享的节点（如 B）会出现多次。"""
    pad = "    " * depth
    if fn is None:
        print(f"{pad}None  [{nr}]  (不需要梯度的输入)")
        return
    label = type(fn).__name__
    if hasattr(fn, "variable"):             # AccumulateGrad：指向一个叶子
        leaf = next(n for n, t in names.items() if t is fn.variable)
        label += f" -> {leaf}"
    print(f"{pad}{label}  [{nr}]")
    for child, child_nr in fn.next_functions:
        show(child, names, depth + 1, child_nr)

show(F.grad_fn, {"A": A, "B": B})
# --8<-- [end:tree]

# --8<-- [start:input_nr]
x = torch.arange(1.0, 5.0, requires_grad=True)
parts = x.unbind()                          # 一个运算，4 个输出
y = parts[3] * parts[1]

(fn3, nr3), (fn1, nr1) = y.grad_fn.next_functions
print(fn3.name(), nr3, "|", fn1.name(), nr1)
assert fn3 is fn1 is parts[0].grad_fn       # 同一个 UnbindBackward0 节点
assert (nr3, nr1) == (3, 1)                 # 第二项 = 该张量是 unbind 的第几个输出
assert parts[3].output_nr == 3

unbind_node = parts[0].grad_fn
grads_in = [torch.tensor(float(i)) for i in (10, 20, 30, 40)]
# 每个输出一份梯度进，每个输入一份梯度出
print("UnbindBackward0(4 个梯度) ->", unbind_node(*grads_in))
assert torch.equal(unbind_node(*grads_in), torch.tensor([10.0, 20.0, 30.0, 40.0]))
assert len(unbind_node.next_functions) == 1

y.backward()
assert torch.equal(x.grad, torch.tensor([0.0, 4.0, 0.0, 2.0]))     # d(x3*x1)/dx
# --8<-- [end:input_nr]

# --8<-- [start:non_differentiable]
a = torch.ones(2, requires_grad=True)
b = torch.zeros(2, requires_grad=True)
cond = torch.tensor([True, False])
w = torch.where(cond, a, b)                 # 3 个张量参数，cond 不可求导
print(w.grad_fn.name(), len(w.grad_fn.next_functions), "项")
assert len(w.grad_fn.next_functions) == 2   # 只为 a、b 各留一项
# --8<-- [end:non_differentiable]
