/**
 * Every field of the DSL that MySQL holds, with its IR column type on MySQL and the type MySQL
 * declares: the table the models unit tests and the MariaDB round trip share.
 */
import { Models } from "../../../../src/model/models.ts";
import type { Field } from "../../../../src/model/types.ts";
import type { ColumnType } from "../../../../src/schema/ir.ts";

export const MYSQL_FIELD_TYPES: [string, Field, ColumnType, string][] = [
  ["CharField", Models.CharField({ maxLength: 40 }), { kind: "varchar", length: 40 }, "varchar(40)"],
  ["CharField default", Models.CharField(), { kind: "varchar", length: 250 }, "varchar(250)"],
  ["TextField", Models.TextField(), { kind: "text" }, "longtext"],
  ["EmailField", Models.EmailField(), { kind: "varchar", length: 254 }, "varchar(254)"],
  ["URLField", Models.URLField(), { kind: "varchar", length: 200 }, "varchar(200)"],
  ["SlugField", Models.SlugField(), { kind: "varchar", length: 50 }, "varchar(50)"],
  ["PasswordField", Models.PasswordField(), { kind: "varchar", length: 128 }, "varchar(128)"],
  ["IntegerField", Models.IntegerField(), { kind: "integer" }, "int"],
  ["BigIntegerField", Models.BigIntegerField(), { kind: "bigint" }, "bigint"],
  ["SmallIntegerField", Models.SmallIntegerField(), { kind: "smallint" }, "smallint"],
  ["PositiveIntegerField", Models.PositiveIntegerField(), { kind: "integer" }, "int"],
  ["PositiveSmallIntegerField", Models.PositiveSmallIntegerField(), { kind: "smallint" }, "smallint"],
  ["FloatField", Models.FloatField(), { kind: "double" }, "double"],
  ["FloatField real", Models.FloatField({ real: true }), { kind: "real" }, "float"],
  ["DecimalField", Models.DecimalField(), { kind: "decimal", precision: 10, scale: 2 }, "decimal(10,2)"],
  [
    "DecimalField 65,30",
    Models.DecimalField({ maxDigits: 65, decimalPlaces: 30 }),
    { kind: "decimal", precision: 65, scale: 30 },
    "decimal(65,30)",
  ],
  ["BooleanField", Models.BooleanField(), { kind: "boolean" }, "tinyint(1)"],
  ["DateField", Models.DateField(), { kind: "date" }, "date"],
  ["DateTimeField", Models.DateTimeField(), { kind: "timestamp", withTimeZone: false }, "datetime(6)"],
  [
    "DateTimeField withTimeZone false",
    Models.DateTimeField({ withTimeZone: false }),
    { kind: "timestamp", withTimeZone: false },
    "datetime(6)",
  ],
  [
    "DateTimeField precision 0",
    Models.DateTimeField({ precision: 0 }),
    { kind: "timestamp", withTimeZone: false, precision: 0 },
    "datetime",
  ],
  [
    "DateTimeField precision 3",
    Models.DateTimeField({ precision: 3 }),
    { kind: "timestamp", withTimeZone: false, precision: 3 },
    "datetime(3)",
  ],
  [
    "DateTimeField precision 6 (the default)",
    Models.DateTimeField({ precision: 6 }),
    { kind: "timestamp", withTimeZone: false },
    "datetime(6)",
  ],
  ["TimeField", Models.TimeField(), { kind: "time" }, "time(6)"],
  ["TimeField precision 0", Models.TimeField({ precision: 0 }), { kind: "time", precision: 0 }, "time"],
  ["TimeField precision 2", Models.TimeField({ precision: 2 }), { kind: "time", precision: 2 }, "time(2)"],
  ["UUIDField", Models.UUIDField(), { kind: "uuid" }, "char(36)"],
  ["JSONField", Models.JSONField(), { kind: "json", binary: false }, "json"],
  ["BinaryField", Models.BinaryField(), { kind: "bytes" }, "longblob"],
  [
    "NativeField",
    Models.NativeField({ type: "MEDIUMINT UNSIGNED" }),
    { kind: "native", sql: "mediumint unsigned" },
    "mediumint unsigned",
  ],
  [
    "NativeField enum",
    Models.NativeField({ type: "ENUM('Open', 'Closed')" }),
    { kind: "native", sql: "enum('Open','Closed')" },
    "enum('Open','Closed')",
  ],
];
