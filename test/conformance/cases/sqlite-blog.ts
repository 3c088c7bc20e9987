/** A small blog schema most SQLite cases start from; `extra` goes inside post's column list. */
export const blog = (extra = "", post = "") => `
  CREATE TABLE author (id integer PRIMARY KEY AUTOINCREMENT, name varchar(120) NOT NULL, email text);
  CREATE TABLE post (id integer PRIMARY KEY AUTOINCREMENT, title varchar(200) NOT NULL, body text,
    author_id integer REFERENCES author (id)${extra ? `, ${extra}` : ""});
  CREATE INDEX post_author_id ON post (author_id);${post}`;
export const blogRows = `
  INSERT INTO author (name, email) VALUES ('Ann', 'ann@x.org'), ('Bob', NULL);
  INSERT INTO post (title, body, author_id) VALUES ('One', 'first', 1), ('Two', NULL, 2), ('Three', 'x', NULL);`;
