"""torch.arange：终点不含在内，长度按 ceil 计算，浮点步长可能多出一个元素；torch.range 已弃用。"""
# --8<-- [start:basic]
import torch

a = torch.arange(5)              # start 默认 0，step 默认 1
b = torch.arange(2, 8, 2)        # [2, 8)：8 不在内
c = torch.arange(5, 0, -2)       # 步长可以为负，这时 start > end
print(a)
print(b)
print(c)
# --8<-- [end:basic]

# --8<-- [start:step_sign]
import torch

print(list(range(5, 0)))                 # Python 的 range：空序列
torch.arange(5, 0)  # 步长默认 1，end 却比 start 小  # raises: RuntimeError: upper bound and lower bound inconsistent with step sign
# --8<-- [end:step_sign]

# --8<-- [start:length]
import math

import torch

for start, end, step in [(0, 10, 3), (0, 9, 3), (5, 0, -2), (0, 1, 0.25)]:
    n = torch.arange(start, end, step).numel()
    print(f"arange({start}, {end}, {step}): {n} 个元素，"
          f"公式给出 {math.ceil((end - start) / step)}")
# --8<-- [end:length]

# --8<-- [start:dtype]
import torch

print(torch.arange(5).dtype)             # 全是整数 -> int64
print(torch.arange(0, 5, 1.0).dtype)     # 有一个浮点数 -> 默认浮点类型
print(torch.arange(0.0, 5).dtype)
assert torch.get_default_dtype() == torch.float32  # check

torch.set_default_dtype(torch.float64)   # 默认浮点类型改了，arange 跟着变
print(torch.arange(0.0, 5).dtype)
torch.set_default_dtype(torch.float32)   # 改回来
# --8<-- [end:dtype]

# --8<-- [start:int_dtype_step]
import torch

x = torch.arange(0, 5, 1.5, dtype=torch.int64)
print(x)                                 # 步长被截成 1，而不是 0, 1.5, 3, 4.5 取整
# --8<-- [end:int_dtype_step]

# --8<-- [start:int_dtype_zero_step]
import subprocess
import sys

import torch

# 步长 0.5 截成 0。torch 2.13 之前这会让整个进程崩溃，所以放到子进程里试
code = "import torch; torch.arange(0, 5, 0.5, dtype=torch.int64)"
child = subprocess.run([sys.executable, "-c", code],
                       capture_output=True, text=True, timeout=120)
if torch.__version__ >= "2.13":          # 先检查截断后的步长，抛 ValueError
    print(child.stderr.rstrip().splitlines()[-1])   # 子进程报错的最后一行
    assert child.returncode == 1  # check
    assert child.stderr.rstrip().endswith("ValueError: step must be nonzero")  # check
else:                                    # 整数除以 0：没有 Python 异常可以捕获
    print("子进程退出码:", child.returncode)
    import platform, signal  # check
    if sys.platform == "linux" and platform.machine() == "x86_64":  # check
        assert child.returncode == -signal.SIGFPE   # 被 SIGFPE 信号杀死
# --8<-- [end:int_dtype_zero_step]

# --8<-- [start:zero_step]
import torch

torch.arange(0, 5, 0)  # 直接给 0：另一种异常类型  # raises: RuntimeError: step must be nonzero
# --8<-- [end:zero_step]

# --8<-- [start:float_step]
import math

import torch

x = torch.arange(1, 1.3, 0.1)
print(x)                                 # 期望 [1.0, 1.1, 1.2]，实际多了 1.3
# 商比 3 大一点点，ceil 之后是 4
print((1.3 - 1) / 0.1, math.ceil((1.3 - 1) / 0.1))
assert x.numel() == 4  # check

y = torch.arange(0, 1, 0.1)              # 同样的写法，这次恰好是 10 个
print(y.numel(), (1 - 0) / 0.1)
# --8<-- [end:float_step]

# --8<-- [start:inclusive_idiom]
import torch

end, step = 0.2, 0.1
x = torch.arange(0, end + step, step)    # 想含终点 0.2，于是写 end + step
print(x)                                 # 期望 3 个值，实际 4 个：连 0.3 也进来了
print(end + step)                        # 0.1 + 0.2 在浮点数里比 0.3 大一点
assert x.numel() == 4  # check
# --8<-- [end:inclusive_idiom]

# --8<-- [start:alternatives]
import torch

e = torch.arange(1, 1.3 - 1e-6, 0.1)     # 终点减一个小量：确定不含 1.3
print(e)
assert e.numel() == 3  # check

i = torch.arange(10, 14) / 10            # 整数 arange 再缩放：个数由整数决定
print(i)
assert torch.equal(i, torch.tensor([1.0, 1.1, 1.2, 1.3]))  # check

l = torch.linspace(1, 1.3, steps=4)      # 直接给个数，两端都含在内
print(l)
assert l.numel() == 4  # check
assert l[0].item() == 1.0 and l[-1].item() == torch.tensor(1.3).item()  # check
# --8<-- [end:alternatives]

# --8<-- [start:range_deprecated]
import warnings

import torch

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    r = torch.range(1, 4)                # 含终点 4，并且总是浮点类型
print(r)
assert r.tolist() == [1.0, 2.0, 3.0, 4.0] and r.dtype == torch.float32  # check
assert len(caught) == 1 and caught[0].category is UserWarning  # check
assert "torch.range is deprecated" in str(caught[0].message)  # check
print(f"{caught[0].category.__name__}: {caught[0].message}")
# --8<-- [end:range_deprecated]
