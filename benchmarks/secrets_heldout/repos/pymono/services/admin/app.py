"""Internal admin console."""

from flask import Flask
from flask_jwt_extended import JWTManager

app = Flask(__name__)
app.secret_key = "jk-jBleCgbCJsIJXMIZcVDOmvSXOpyMBK8U9UyRClTk"
app.config["JWT_SECRET_KEY"] = "super-secret"
app.config["SESSION_COOKIE_NAME"] = "admin_session"
jwt = JWTManager(app)
