"""Company documents on the knowledge page (admins): upload, replace, retry, delete."""

import reflex as rx

from support_app.services import auth, documents
from support_app.services.errors import ServiceError
from support_app.settings import get_settings
from support_app.state.formatting import when
from support_app.state.session import SessionState, run_service

UPLOAD_ID = "document-upload"


def _size(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(1, round(size / 1024))} KB"


def _row(d: documents.DocumentRow) -> dict:
    return {"id": d.id, "title": d.title, "filename": d.filename, "format": d.file_format, "size": _size(d.size_bytes),
            "status": d.status, "error": d.error, "passages": d.passage_count, "version": d.version,
            "uploaded": when(d.uploaded_at), "by": d.uploaded_by}


class DocumentsState(SessionState):
    documents: list[dict] = []
    doc_title: str = ""
    replace_id: int = 0  # the document the next upload replaces (0: a new document)
    doc_message: str = ""
    doc_error: str = ""

    @rx.event
    def set_doc_title(self, value: str):
        self.doc_title = value

    @rx.event
    def choose_replace(self, document_id: int):
        self.replace_id = document_id
        self.doc_message, self.doc_error = "", ""

    @rx.event
    def cancel_replace(self):
        self.replace_id = 0

    def _admin(self) -> auth.Identity:
        return auth.require_role(self._identity(), "admin")

    @rx.event
    async def load_documents(self):
        try:
            self._admin()
        except ServiceError:
            self.documents = []
            return
        self.documents = [_row(d) for d in await run_service(documents.list_documents)]

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        self.doc_message = self.doc_error = ""
        try:
            identity = self._admin()
            if len(files) != 1:
                raise ServiceError("Choose one file to upload.")
            limit = get_settings().document_max_bytes
            data = await files[0].read(limit + 1)  # one byte over says "too large" without reading more
            name = files[0].filename or ""
            if self.replace_id:
                doc = await run_service(documents.replace, self.replace_id, identity.email, name, data)
            else:
                doc = await run_service(documents.upload, identity.email, name, data, self.doc_title or None)
        except ServiceError as exc:
            self.doc_error = str(exc)
            return rx.clear_selected_files(UPLOAD_ID)
        self.replace_id, self.doc_title = 0, ""
        self.doc_message = (f"“{doc.title}” indexed: {doc.passage_count} passages." if doc.status == "indexed"
                            else f"“{doc.title}” was stored but not indexed: {doc.error}")
        await self.load_documents()
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    async def retry(self, document_id: int):
        self.doc_message = self.doc_error = ""
        try:
            self._admin()
            doc = await run_service(documents.retry, document_id)
        except ServiceError as exc:
            self.doc_error = str(exc)
            return
        self.doc_message = f"“{doc.title}”: {doc.status}."
        await self.load_documents()

    @rx.event
    async def delete(self, document_id: int):
        self.doc_message = self.doc_error = ""
        try:
            self._admin()
            await run_service(documents.delete_document, document_id)
        except ServiceError as exc:
            self.doc_error = str(exc)
            return
        self.doc_message = "Document deleted."
        await self.load_documents()
