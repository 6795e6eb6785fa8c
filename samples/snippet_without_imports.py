# A model pasted from a question, without its imports: every Keras name comes
# from nowhere, and kerascheck reads each one as the Keras name it spells (the
# summary says so, name by name). The conformance test builds it with the
# imports added.

encoder = Sequential([
    Conv2D(16, (3, 3), activation="relu", input_shape=(28, 28, 1)),
    MaxPooling2D((2, 2)),
    Conv2D(32, (3, 3), activation="relu"),
    GlobalAveragePooling2D(),
])

image = Input(shape=(28, 28, 1))
features = encoder(image)
metadata = Input(shape=(4,))
merged = concatenate([features, Dense(8, activation="relu")(metadata)])
output = Dense(10, activation="softmax")(merged)
model = Model(inputs=[image, metadata], outputs=output)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
