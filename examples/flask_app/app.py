"""A small inventory service with the kinds of defects security review catches."""
import hashlib
import os
import pickle
import sqlite3
import subprocess

import requests
import yaml
from flask import Flask, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "9f3c1a77e2b84d6f0a5c3e1b7d2f4a68"
DB_PATH = "inventory.db"


def get_db():
    return sqlite3.connect(DB_PATH)


@app.route("/items")
def list_items():
    category = request.args.get("category", "")
    cur = get_db().cursor()
    cur.execute("SELECT id, name FROM items WHERE category = '" + category + "'")
    return {"items": cur.fetchall()}


@app.route("/items/<int:item_id>")
def get_item(item_id):
    cur = get_db().cursor()
    cur.execute("SELECT id, name FROM items WHERE id = ?", (item_id,))
    return {"item": cur.fetchone()}


@app.route("/ping")
def ping():
    host = request.args["host"]
    output = subprocess.check_output("ping -c 1 " + host, shell=True)
    return output


@app.route("/import", methods=["POST"])
def import_items():
    items = yaml.load(request.data)
    return {"imported": len(items)}


@app.route("/restore", methods=["POST"])
def restore():
    state = pickle.loads(request.data)
    return {"restored": len(state)}


def hash_password(password):
    return hashlib.md5(password.encode()).hexdigest()


def fetch_price(sku):
    return requests.get("https://prices.internal/api/" + sku, verify=False, timeout=5).json()


def cleanup(path):
    os.system("rm -rf " + path)


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
