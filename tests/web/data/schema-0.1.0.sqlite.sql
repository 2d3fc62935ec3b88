-- The web app's schema as release 0.1.0 created it (create_all, before migrations), sqlite.
CREATE TABLE users (
	id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	password_hash VARCHAR(255) NOT NULL, 
	created DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_users_name ON users (name);

CREATE TABLE api_tokens (
	id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	user_id INTEGER NOT NULL, 
	label VARCHAR(100) NOT NULL, 
	created DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_api_tokens_token_hash ON api_tokens (token_hash);

CREATE INDEX ix_api_tokens_user_id ON api_tokens (user_id);

CREATE TABLE sessions (
	token_hash VARCHAR(64) NOT NULL, 
	user_id INTEGER NOT NULL, 
	csrf_token VARCHAR(64) NOT NULL, 
	expires DATETIME NOT NULL, 
	PRIMARY KEY (token_hash), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_sessions_user_id ON sessions (user_id);

CREATE TABLE uploads (
	id VARCHAR(32) NOT NULL, 
	user_id INTEGER NOT NULL, 
	created DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_uploads_user_id ON uploads (user_id);

CREATE TABLE reviews (
	id VARCHAR(32) NOT NULL, 
	seq INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	upload_id VARCHAR(32) NOT NULL, 
	file_name VARCHAR(255) NOT NULL, 
	stored_name VARCHAR(80), 
	sha256 VARCHAR(64) NOT NULL, 
	size INTEGER NOT NULL, 
	profile VARCHAR(50) NOT NULL, 
	country VARCHAR(2), 
	status VARCHAR(10) NOT NULL, 
	error TEXT, 
	report_json TEXT, 
	contexts_json TEXT, 
	created DATETIME NOT NULL, 
	finished DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	FOREIGN KEY(upload_id) REFERENCES uploads (id) ON DELETE CASCADE
);

CREATE INDEX ix_reviews_created ON reviews (created);

CREATE INDEX ix_reviews_file_name ON reviews (file_name);

CREATE INDEX ix_reviews_upload_id ON reviews (upload_id);

CREATE INDEX ix_reviews_user_id ON reviews (user_id);
