"""grad_fn 与 next_functions：沿着反向图从输出走回叶子。"""
# --8<-- [start:build]
import torch

A = torch.tensor(2.0, requires_grad=True)
B = torch.tensor(3.0, requires_grad=True)
K = torch.tensor(4.0)                      # 常量：不需要梯度

D = A * B
E = B * K
F = D + E

print("F.grad_fn:", F.grad_fn.name())
print("D.grad_fn:", D.grad_fn.name())
assert F.grad_fn.name() == "AddBackward0" and D.grad_fn.name() == "MulBackward0"  # check

with torch.no_grad():
    G = A * B
# 叶子、常量、no_grad 下的结果都没有 grad_fn
print("A, K, G 的 grad_fn:", A.grad_fn, K.grad_fn, G.grad_fn)
assert A.grad_fn is None and K.grad_fn is None  # check
assert G.grad_fn is None  # check

A.grad_fn.next_functions  # raises: AttributeError: 'NoneType' object has no attribute 'next_functions'
# --8<-- [end:build]

# --8<-- [start:next_functions]
import torch

A = torch.tensor(2.0, requires_grad=True)
B = torch.tensor(3.0, requires_grad=True)
K = torch.tensor(4.0)
D, E = A * B, B * K
F = D + E

pairs = F.grad_fn.next_functions
print(pairs[0][0].name(), pairs[0][1], "|", pairs[1][0].name(), pairs[1][1])
print("依次是 D、E 的节点:", pairs[0][0] is D.grad_fn, pairs[1][0] is E.grad_fn)
assert pairs[0][0] is D.grad_fn and pairs[1][0] is E.grad_fn  # check

acc_A, acc_B = D.grad_fn.next_functions                 # D = A * B
# .variable 就是叶子本身
print("AccumulateGrad 的 .variable 是 A:", acc_A[0].variable is A)
assert acc_A[0].name() == "torch::autograd::AccumulateGrad"  # check
assert acc_A[0].variable is A and acc_B[0].variable is B  # check

E_pairs = E.grad_fn.next_functions                      # E = B * K
print("E:", [(fn.name() if fn is not None else None, nr) for fn, nr in E_pairs])
print("B 只有一个 AccumulateGrad:", E_pairs[0][0] is acc_B[0])
assert E_pairs[0][0] is acc_B[0]  # check
# 常量 K 那一路是 (None, 0)
assert E_pairs[1] == (None, 0)  # check

F.backward()
# 两条路径的梯度在 B 的 AccumulateGrad 处相加：dF/dB = A + K
print("B.grad:", B.grad)
assert B.grad == A.detach() + K  # check
# --8<-- [end:next_functions]

# --8<-- [start:tree]
import torch

A = torch.tensor(2.0, requires_grad=True)
B = torch.tensor(3.0, requires_grad=True)
K = torch.tensor(4.0)
F = A * B + B * K

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
import torch

x = torch.arange(1.0, 5.0, requires_grad=True)
parts = x.unbind()                          # 一个运算，4 个输出
y = parts[3] * parts[1]

(fn3, nr3), (fn1, nr1) = y.grad_fn.next_functions
print(fn3.name(), nr3, "|", fn1.name(), nr1)
print("同一个节点:", fn3 is fn1 is parts[0].grad_fn)
# 第二项 = 该张量是 unbind 的第几个输出
print("output_nr:", parts[3].output_nr, parts[1].output_nr)
assert fn3 is fn1 is parts[0].grad_fn  # check
assert (nr3, nr1) == (3, 1)  # check
assert parts[3].output_nr == 3  # check

unbind_node = parts[0].grad_fn
grads_in = [torch.tensor(float(i)) for i in (10, 20, 30, 40)]
# 每个输出一份梯度进，每个输入一份梯度出
grad_x = unbind_node(*grads_in)
print("UnbindBackward0(4 个梯度) ->", grad_x)
print("next_functions:", len(unbind_node.next_functions), "项")
assert torch.equal(grad_x, torch.tensor([10.0, 20.0, 30.0, 40.0]))  # check
assert len(unbind_node.next_functions) == 1  # check

y.backward()
print("x.grad:", x.grad)                    # d(x3*x1)/dx
assert torch.equal(x.grad, torch.tensor([0.0, 4.0, 0.0, 2.0]))  # check
# --8<-- [end:input_nr]

# --8<-- [start:non_differentiable]
import torch

a = torch.ones(2, requires_grad=True)
b = torch.zeros(2, requires_grad=True)
cond = torch.tensor([True, False])
w = torch.where(cond, a, b)                 # 3 个张量参数，cond 不可求导
print(w.grad_fn.name(), len(w.grad_fn.next_functions), "项")
assert len(w.grad_fn.next_functions) == 2  # check
# --8<-- [end:non_differentiable]
