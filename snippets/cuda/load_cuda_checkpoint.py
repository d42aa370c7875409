# requires: cuda
"""在 GPU 上保存的检查点文件，拿到没有 GPU 的进程里加载：map_location。"""
# --8<-- [start:imports]
import os
import subprocess
import sys
import tempfile

import torch
from torch import nn
# --8<-- [end:imports]

# --8<-- [start:save_on_gpu]
folder = tempfile.TemporaryDirectory()
path = os.path.join(folder.name, "model.pt")
model = nn.Linear(2, 1).cuda()
torch.save(model.state_dict(), path)
saved = torch.load(path)
# 张量记得自己保存时所在的设备
assert saved["weight"].device == torch.device("cuda:0")
print(saved["weight"].device)
# --8<-- [end:save_on_gpu]

# --8<-- [start:load_without_gpu]
# 用 CUDA_VISIBLE_DEVICES="" 启动一个看不到 GPU 的 Python 进程，模拟只有 CPU 的机器。
load = """
import sys, torch
try:
    torch.load(sys.argv[1])
except RuntimeError as e:
    print(f"{type(e).__name__}: {e}")
state = torch.load(sys.argv[1], map_location="cpu")
print("map_location='cpu':", state["weight"].device)
"""
env = dict(os.environ, CUDA_VISIBLE_DEVICES="")
result = subprocess.run([sys.executable, "-c", load, path], env=env,
                        capture_output=True, text=True, timeout=120)
assert result.returncode == 0, result.stderr
assert "Attempting to deserialize object on a CUDA device" in result.stdout
# 报错信息本身建议了 map_location
assert "please use torch.load with map_location" in result.stdout
assert "map_location='cpu': cpu" in result.stdout
print(result.stdout, end="")
folder.cleanup()
# --8<-- [end:load_without_gpu]
