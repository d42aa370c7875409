"""view 与 reshape：什么时候共享内存，什么时候复制，view 的报错从哪里来。"""
# --8<-- [start:share]
import torch

x = torch.arange(6)
v = x.view(2, 3)
print("共享存储:", v.data_ptr() == x.data_ptr())  # 没有复制
v[0, 0] = 100                        # 改 view 的结果……
print(x)                             # ……原张量也变了
assert x[0].item() == 100  # check
# --8<-- [end:share]

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

# --8<-- [start:noncontiguous]
import torch

x = torch.arange(6).view(2, 3)
t = x.t()                     # 转置只改步长（stride），不搬数据
print("步长:", x.stride(), "->", t.stride())
print("连续:", t.is_contiguous())
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
u = t.clone()                 # clone() 保留原来的步长
print("步长:", u.stride(), "连续:", u.is_contiguous())
u.view(6)                     # 所以照样不能 view  # raises: RuntimeError: view size is not compatible
# --8<-- [end:clone_keeps_strides]

# --8<-- [start:clone]
import torch

y = torch.arange(6)
safe = y.reshape(2, 3).clone()   # 需要独立副本时，明确 clone
safe[0, 0] = -1
print(y)
assert y[0].item() == 0  # check
# --8<-- [end:clone]
