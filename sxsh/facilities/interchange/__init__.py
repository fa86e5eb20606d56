"""CSV and XLSX interchange files of the register: columns, template, import, export."""
