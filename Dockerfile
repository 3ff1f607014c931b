# JupyterLab + Go + the GoNB kernel + this repository, opening in notebooks/.
#
#   docker build -t dlreturns . && docker run --rm -p 127.0.0.1:8888:8888 dlreturns
#
# then open the http://127.0.0.1:8888/lab?token=... address it prints (token authentication
# stays on). Publish on 127.0.0.1 only: Jupyter runs arbitrary code for whoever reaches it, and
# a bare -p 8888:8888 publishes it on every interface of the host. The kernel is installed by
# notebooks/install-kernel.sh, the script CI runs.
FROM golang:1.26.8-bookworm

# JupyterLab is not packaged by Debian 12, so it comes from PyPI into a virtual environment, at
# the versions notebooks/install-jupyterlab.sh installs;
# Fashion-MNIST comes from Debian, as on CI.
COPY notebooks/requirements-jupyterlab.txt /opt/requirements-jupyterlab.txt
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3-venv dataset-fashion-mnist \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /opt/jupyter \
 && /opt/jupyter/bin/pip install --no-cache-dir -r /opt/requirements-jupyterlab.txt
ENV PATH=/opt/jupyter/bin:$PATH

RUN useradd --create-home --uid 1000 lab
USER lab
ENV GOPATH=/home/lab/go PATH=/home/lab/go/bin:/opt/jupyter/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /home/lab/dlreturns
COPY --chown=lab:lab . .
RUN notebooks/install-kernel.sh && notebooks/install-kernel.sh --check

WORKDIR /home/lab/dlreturns/notebooks
EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser"]
