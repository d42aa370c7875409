"""view 与 reshape：什么时候共享内存，什么时候复制，view 何时报错（步长不兼容）。"""
# --8<-- [start:share]
import torch

x = torch.arange(6)
v = x.view(2, 3)
print("共享存储:", v.data_ptr() == x.data_ptr())  # 没有复制
v[0, 0] = 100                        # 改 view 的结果……
print(x)                             # ……原张量也变了
assert x[0].item() == 100  # check
# --8<-- [end:share]

# --8<-- [start:not_transpose]
import torch

m = torch.arange(6).view(2, 3)
print(m.view(3, 2))           # 按存储顺序依次重新分行
print(m.t())                  # 转置：第 i 行是 m 的第 i 列
print("相同:", torch.equal(m.view(3, 2), m.t()))
assert torch.equal(m.reshape(3, 2), m.view(3, 2))  # check
# --8<-- [end:not_transpose]

# --8<-- [start:infer]
import torch

x = torch.arange(12)
print(x.view(3, -1).shape)    # -1 由其余维度推出：12 / 3 = 4
print(x.reshape(-1, 6).shape)
# --8<-- [end:infer]

# --8<-- [start:infer_twice]
import torch

x = torch.arange(12)
x.view(-1, -1)                # 只能有一个 -1  # raises: RuntimeError: only one dimension
# --8<-- [end:infer_twice]

# --8<-- [start:size_mismatch]
import torch

x = torch.randn(4, 16, 6, 6)  # 卷积、池化之后：以为是 16×5×5
print("元素个数:", x.numel(), "= 4 ×", x.numel() // 4)
x.view(-1, 16 * 5 * 5)  # raises: RuntimeError: shape '[-1, 400]' is invalid for input of size 2304
# --8<-- [end:size_mismatch]

# --8<-- [start:flatten]
import torch

x = torch.randn(4, 16, 6, 6)
print(x.view(x.size(0), -1).shape)   # 保留批次维，其余自动推出
print(x.flatten(1).shape)            # 同样的结果
assert torch.equal(x.view(x.size(0), -1), x.flatten(1))  # check
assert torch.randn(4, 16, 10, 5).view(-1, 400).shape == (8, 400)  # check
# --8<-- [end:flatten]

# --8<-- [start:view_noncontiguous_ok]
import torch

x = torch.arange(6).view(2, 3)
t = x.t()                     # 不连续，步长 (1, 3)
a = t.view(3, 2, 1)           # 只在末尾加一个大小为 1 的维度
print("t 连续:", t.is_contiguous(), " a 步长:", a.stride())
print("共享存储:", a.data_ptr() == t.data_ptr())

y = torch.arange(12).view(3, 4)
s = y[::2]                    # 隔一行取：不连续，步长 (8, 1)
b = s.view(2, 2, 2)           # 只把第 1 维拆成 2x2
print("s 连续:", s.is_contiguous(), " b 步长:", b.stride())
print("共享存储:", b.data_ptr() == s.data_ptr())
assert torch.equal(b, s.reshape(2, 2, 2))  # check
# --8<-- [end:view_noncontiguous_ok]

# --8<-- [start:noncontiguous]
import torch

x = torch.arange(6).view(2, 3)
t = x.t()                     # 转置只改步长（stride），不搬数据
print("步长:", x.stride(), "->", t.stride())
# 合并第 0、1 维的条件：stride[0] == stride[1] * size[1]
print("可以合并:", t.stride(0) == t.stride(1) * t.size(1))
assert x.storage_offset() == t.storage_offset() == 0  # check
t.view(6)  # raises: RuntimeError: view size is not compatible
# --8<-- [end:noncontiguous]

# --8<-- [start:reshape]
import torch

t = torch.arange(6).view(2, 3).t()
r = t.reshape(6)              # 不能 view 时，reshape 复制一份
print(r)
print("共享存储:", r.data_ptr() == t.data_ptr())

c = t.contiguous().view(6)    # 等价写法：先复制成连续张量，再 view
print("结果相同:", torch.equal(r, c))

y = torch.arange(6)
r2 = y.reshape(2, 3)          # 能 view 时，reshape 返回的就是 view
print("共享存储:", r2.data_ptr() == y.data_ptr())
# --8<-- [end:reshape]

# --8<-- [start:clone_keeps_strides]
import torch

t = torch.arange(6).view(2, 3).t()
u = t.clone()                 # t 紧密排列：clone() 保留它的步长
print("步长:", u.stride(), "连续:", u.is_contiguous())
u.view(6)                     # 所以照样不能 view  # raises: RuntimeError: view size is not compatible
# --8<-- [end:clone_keeps_strides]

# --8<-- [start:clone_gaps]
import torch

x = torch.arange(12).view(3, 4)
s = x[:, ::2]                 # 隔一列取：元素之间有空隙
c = s.clone()                 # 有空隙的输入：clone() 给出连续张量
print("步长:", s.stride(), "->", c.stride(), " 连续:", c.is_contiguous())
print("view(6):", c.view(6))
e = x[0].expand(3, 4)         # 步长 (0, 1)：三行共用一段内存
print("expand 后 clone 的步长:", e.clone().stride())
# --8<-- [end:clone_gaps]

# --8<-- [start:clone]
import torch

y = torch.arange(6)
safe = y.reshape(2, 3).clone()   # 需要独立副本时，明确 clone
safe[0, 0] = -1
print(y)
assert y[0].item() == 0  # check
# --8<-- [end:clone]
